import { createHash } from 'node:crypto';
import type { AttemptsPolicy, Quiz } from '../../schemas/quiz';
import type { StoredAttempt } from '../store/attempts';
import { round } from './auto-grade';

export interface AttemptScore {
  score: number;
  max: number;
  /** Some answers still wait for an instructor; `score` counts them as 0 until then. */
  pending: boolean;
}

export function scoreAttempt(attempt: StoredAttempt): AttemptScore {
  return {
    score: round(attempt.answers.reduce((s, a) => s + (a.score ?? 0), 0)),
    max: round(attempt.answers.reduce((s, a) => s + a.maxPoints, 0)),
    pending: attempt.answers.some((a) => a.status === 'pending'),
  };
}

/** The attempt that counts under the quiz's policy: the best score, or the latest attempt. */
export function countedAttempt(attempts: StoredAttempt[], policy: AttemptsPolicy): (StoredAttempt & AttemptScore) | undefined {
  const scored = attempts.map((a) => ({ ...a, ...scoreAttempt(a) }));
  if (scored.length === 0) return undefined;
  if (policy.counts === 'last') return scored.reduce((a, b) => (b.number > a.number ? b : a));
  return scored.reduce((a, b) => (b.score > a.score ? b : a));
}

/** Fingerprint of everything that decides a score; attempts graded under another key are out of date. */
export function keyHash(quiz: Quiz): string {
  const key = quiz.questions.map((q) => {
    switch (q.type) {
      case 'single':
      case 'multiple':
        return [q.id, q.type, q.points, q.options.map((o) => [o.id, !!o.correct])];
      case 'numeric':
        return [q.id, q.type, q.points, q.answer, q.tolerance];
      case 'text':
        return [q.id, q.type, q.points, q.rubric.map((r) => [r.id, r.points])];
      case 'lab':
        return [q.id, q.type, q.points, q.lab];
    }
  });
  return createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 16);
}
