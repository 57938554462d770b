import type { Question, Quiz } from '../../schemas/quiz';
import { InvalidInputError } from '../errors';
import type { AttemptView } from './learner-view';

/**
 * Learners see options by position in the quiz file ("1", "2", …), never by their ids: authors name options
 * "a", "b", … with the right one often "a", so ids would give the key away. Files list options in an order that
 * gives nothing away (the keys are not first), and each attempt shows them shuffled. The service works with the
 * real ids; only the HTTP layer and the rendered quiz use these.
 */
type Choice = Extract<Question, { type: 'single' | 'multiple' }>;
const isChoice = (q: Question | undefined): q is Choice => q?.type === 'single' || q?.type === 'multiple';

export function publicOptionId(q: Choice, realId: string): string {
  const i = q.options.findIndex((o) => o.id === realId);
  return i < 0 ? '0' : String(i + 1);
}

function realOptionId(q: Choice, publicId: unknown, what: string): string {
  const o = typeof publicId === 'string' && /^[1-9][0-9]{0,3}$/.test(publicId) ? q.options[Number(publicId) - 1] : undefined;
  if (!o) throw new InvalidInputError(`Question "${q.id}" expects ${what}.`, { question: q.id });
  return o.id;
}

/** Answers from a learner (public option ids) as the service takes them (real ids). */
export function answersFromPublic<T extends Record<string, unknown>>(quiz: Quiz, answers: T): T {
  const out: Record<string, unknown> = { ...answers };
  for (const q of quiz.questions) {
    const v = answers[q.id];
    if (!isChoice(q) || v === undefined || v === null) continue;
    out[q.id] = Array.isArray(v) ? v.map((x) => realOptionId(q, x, 'a list of its option ids')) : realOptionId(q, v, 'one of its option ids');
  }
  return out as T;
}

/** Stored answers (real ids) as the learner sees them; unknown values (an option since removed) are dropped. */
export function answersToPublic(quiz: Quiz, answers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...answers };
  for (const q of quiz.questions) {
    const v = answers[q.id];
    if (!isChoice(q) || v === undefined || v === null) continue;
    out[q.id] = Array.isArray(v) ? v.map((x) => publicOptionId(q, String(x))) : publicOptionId(q, String(v));
  }
  return out;
}

export function orderToPublic(quiz: Quiz, order: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [qid, ids] of Object.entries(order)) {
    const q = quiz.questions.find((x) => x.id === qid);
    if (isChoice(q)) out[qid] = ids.map((id) => publicOptionId(q, id));
  }
  return out;
}

export function attemptToPublic(quiz: Quiz, attempt: AttemptView): AttemptView {
  return {
    ...attempt,
    order: orderToPublic(quiz, attempt.order),
    answers: attempt.answers.map((a) => {
      const q = quiz.questions.find((x) => x.id === a.questionId);
      if (!isChoice(q)) return a;
      const response = answersToPublic(quiz, { [q.id]: a.response })[q.id];
      const key = a.key?.options ? { ...a.key, options: a.key.options.map((o) => ({ ...o, id: publicOptionId(q, o.id) })) } : a.key;
      return { ...a, response, ...(key ? { key } : {}) };
    }),
  };
}

/** A learner's quiz state with public option ids throughout. */
export function stateToPublic<S extends { attempts: AttemptView[]; current: { order: Record<string, string[]> } | null; draft: { answers: Record<string, unknown> } | null }>(
  quiz: Quiz,
  state: S,
): S {
  return {
    ...state,
    attempts: state.attempts.map((a) => attemptToPublic(quiz, a)),
    current: state.current && { ...state.current, order: orderToPublic(quiz, state.current.order) },
    draft: state.draft && { ...state.draft, answers: answersToPublic(quiz, state.draft.answers) },
  };
}
