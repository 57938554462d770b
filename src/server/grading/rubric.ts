import type { Question } from '../../schemas/quiz';
import { InvalidInputError } from '../errors';

type TextQuestion = Extract<Question, { type: 'text' }>;

/** Sum of the checked rubric items, capped at the question's points. Unknown item ids are refused. */
export function scoreRubric(q: TextQuestion, checked: readonly string[]): { score: number; checked: string[] } {
  const known = new Set(q.rubric.map((r) => r.id));
  const unknown = checked.filter((id) => !known.has(id));
  if (unknown.length) throw new InvalidInputError(`Unknown rubric item(s) for "${q.id}": ${unknown.join(', ')}.`);
  return rescoreRubric(q, checked);
}

/** For regrading: items removed from the rubric since grading simply stop counting. */
export function rescoreRubric(q: TextQuestion, checked: readonly string[]): { score: number; checked: string[] } {
  const set = new Set(checked);
  const kept = q.rubric.filter((r) => set.has(r.id));
  const total = kept.reduce((sum, r) => sum + r.points, 0);
  return { score: Math.min(q.points, Math.round(total * 1000) / 1000), checked: kept.map((r) => r.id) };
}

export function asTextQuestion(q: Question | undefined): TextQuestion | undefined {
  return q?.type === 'text' ? q : undefined;
}
