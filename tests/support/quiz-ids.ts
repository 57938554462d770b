import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * Learners answer by option position ("1", "2", …), not by the ids in the quiz file. Tests write answers with the
 * file's ids (readable) and send them through this.
 */
export function publicAnswers(quizId: string, answers: Record<string, unknown>): Record<string, unknown> {
  const quiz = parse(readFileSync(`src/content/quizzes/${quizId}.yaml`, 'utf8')) as { questions: { id: string; options?: { id: string }[] }[] };
  const out: Record<string, unknown> = { ...answers };
  for (const q of quiz.questions) {
    const v = answers[q.id];
    if (!q.options || v === undefined || v === null) continue;
    const pos = (id: unknown) => String(q.options!.findIndex((o) => o.id === id) + 1);
    out[q.id] = Array.isArray(v) ? v.map(pos) : pos(v);
  }
  return out;
}

/** The public id of one option. */
export function publicOption(quizId: string, questionId: string, optionId: string): string {
  return (publicAnswers(quizId, { [questionId]: optionId })[questionId] as string);
}
