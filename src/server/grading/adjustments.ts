import { createHash } from 'node:crypto';
import type { Question, Quiz } from '../../schemas/quiz';
import { InvalidInputError } from '../errors';
import type { AutoGrade } from './auto-grade';

/**
 * Regrade decisions beyond the answer key, as Moodle and Gradescope offer them: give everyone full credit for a
 * question, drop a question (it counts for 0 points), or accept an extra option as correct.
 */
export type Adjustment = { questionId: string; kind: 'full-credit' | 'drop' | 'accept-option'; optionId?: string };

/** Checks an adjustment names a real question (and, to accept, one of its options that is not already correct). */
export function validateAdjustment(quiz: Quiz, adjustment: Adjustment): Adjustment {
  const q = quiz.questions.find((x) => x.id === adjustment.questionId);
  if (!q) throw new InvalidInputError(`No question "${adjustment.questionId}" in this quiz.`);
  if (adjustment.kind !== 'accept-option') return { questionId: q.id, kind: adjustment.kind };
  if (q.type !== 'single' && q.type !== 'multiple') throw new InvalidInputError('Only choice questions have options to accept.');
  const option = q.options.find((o) => o.id === adjustment.optionId);
  if (!option) throw new InvalidInputError(`Question "${q.id}" has no option "${adjustment.optionId}".`);
  if (option.correct) throw new InvalidInputError('That option is already correct.');
  return { questionId: q.id, kind: 'accept-option', optionId: option.id };
}

/** The quiz as it is graded: accepted options count as correct, dropped questions are worth 0 points. */
export function adjustedQuiz(quiz: Quiz, adjustments: readonly Adjustment[]): Quiz {
  if (adjustments.length === 0) return quiz;
  const questions = quiz.questions.map((q): Question => {
    const mine = adjustments.filter((a) => a.questionId === q.id);
    if (mine.length === 0) return q;
    let next = q;
    if ((next.type === 'single' || next.type === 'multiple') && mine.some((a) => a.kind === 'accept-option')) {
      const accepted = new Set(mine.flatMap((a) => (a.kind === 'accept-option' && a.optionId ? [a.optionId] : [])));
      next = { ...next, options: next.options.map((o) => (accepted.has(o.id) ? { ...o, correct: true } : o)) };
    }
    if (mine.some((a) => a.kind === 'drop')) next = { ...next, points: 0 };
    return next;
  });
  return { ...quiz, questions };
}

export const hasFullCredit = (q: Question, adjustments: readonly Adjustment[]) => adjustments.some((a) => a.questionId === q.id && a.kind === 'full-credit');

/** A question given full credit scores its points for every answer, blank or not. */
export function withFullCredit(q: Question, adjustments: readonly Adjustment[], grade: AutoGrade): AutoGrade {
  return hasFullCredit(q, adjustments) ? { status: 'graded', score: q.points } : grade;
}

/** The key fingerprint with the adjustments folded in, so attempts graded before one count as out of date. */
export function adjustedKeyHash(base: string, adjustments: readonly Adjustment[]): string {
  if (adjustments.length === 0) return base;
  return createHash('sha256').update(base + JSON.stringify(adjustments)).digest('base64url').slice(0, 16);
}

export function describeAdjustment(quiz: Quiz, a: Adjustment): string {
  const index = quiz.questions.findIndex((q) => q.id === a.questionId) + 1;
  if (a.kind === 'full-credit') return `full credit for question ${index}`;
  if (a.kind === 'drop') return `question ${index} dropped`;
  const q = quiz.questions[index - 1];
  const text = q && (q.type === 'single' || q.type === 'multiple') ? q.options.find((o) => o.id === a.optionId)?.text : undefined;
  return `question ${index}: “${text ?? a.optionId}” accepted as correct`;
}
