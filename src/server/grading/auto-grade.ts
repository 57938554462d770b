import type { Question } from '../../schemas/quiz';
import type { ResponseValue } from '../../schemas/api';
import { InvalidInputError } from '../errors';

export interface GradeContext {
  /** Lab ids this learner has passed. */
  labsPassed: ReadonlySet<string>;
}

export type AutoGrade = { status: 'graded'; score: number } | { status: 'pending'; score: null };

/** Checks a response has the shape its question expects; a missing response is `null`. */
export function normalizeResponse(q: Question, value: ResponseValue | undefined): ResponseValue {
  if (value === undefined || value === null) return null;
  const fail = (what: string) => {
    throw new InvalidInputError(`Question "${q.id}" expects ${what}.`, { question: q.id });
  };
  switch (q.type) {
    case 'single':
      if (typeof value !== 'string' || !q.options.some((o) => o.id === value)) fail('one of its option ids');
      return value;
    case 'multiple': {
      if (!Array.isArray(value) || !value.every((v) => q.options.some((o) => o.id === v))) fail('a list of its option ids');
      return [...new Set(value as string[])];
    }
    case 'numeric':
      if (typeof value !== 'number') fail('a number');
      return value;
    case 'text':
      if (typeof value !== 'string') fail('text');
      return value;
    case 'lab':
      return null; // Graded from lab passes, not from what the learner sends.
  }
}

/**
 * Scores what can be scored without an instructor. Multiple choice gives partial credit:
 * (right picks - wrong picks) / number of right options, never below 0.
 */
export function autoGrade(q: Question, response: ResponseValue, ctx: GradeContext): AutoGrade {
  switch (q.type) {
    case 'single':
      // Any correct option scores (a regrade may accept a second one).
      return { status: 'graded', score: q.options.some((o) => o.correct && o.id === response) ? q.points : 0 };
    case 'multiple': {
      const picked = new Set(Array.isArray(response) ? response : []);
      const right = q.options.filter((o) => o.correct);
      const hits = right.filter((o) => picked.has(o.id)).length;
      const misses = q.options.filter((o) => !o.correct && picked.has(o.id)).length;
      return { status: 'graded', score: round(Math.max(0, (hits - misses) / right.length) * q.points) };
    }
    case 'numeric': {
      if (typeof response !== 'number') return { status: 'graded', score: 0 };
      // A hair of slack so 0.1 + 0.2 style float noise never fails a correct answer.
      const slack = q.tolerance + 1e-9 * Math.max(1, Math.abs(q.answer));
      return { status: 'graded', score: Math.abs(response - q.answer) <= slack ? q.points : 0 };
    }
    case 'text':
      // Nothing to grade in a blank answer; everything else waits for an instructor.
      return typeof response === 'string' && response.trim() !== '' ? { status: 'pending', score: null } : { status: 'graded', score: 0 };
    case 'lab':
      return { status: 'graded', score: ctx.labsPassed.has(q.lab) ? q.points : 0 };
  }
}

export const round = (n: number): number => Math.round(n * 1000) / 1000;
