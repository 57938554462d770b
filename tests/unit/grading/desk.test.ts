import { expect, test } from 'vitest';
import type { Question } from '../../../src/schemas/quiz';
import { buildDesk, countingAttempts, normaliseAnswer, similarity } from '../../../src/server/grading/desk';
import type { StoredAttempt } from '../../../src/server/store/attempts';

const question = { id: 'q', type: 'text', prompt: 'Why?', points: 3, long: false, rubric: [{ id: 'r', description: 'reason', points: 3 }] } as Question;
let id = 0;
const attempt = (userId: number, number: number, text: string, extra: Partial<StoredAttempt['answers'][number]> = {}, other = 0): StoredAttempt => ({
  id: ++id,
  userId,
  quizId: 'z',
  number,
  submittedAt: `2026-11-0${number}T00:00:0${id % 10}Z`,
  keyHash: 'k',
  order: null,
  startedAt: null,
  answers: [
    { questionId: 'q', response: text, maxPoints: 3, status: 'pending', score: null, rubric: null, comment: null, graderId: null, gradedAt: null, ...extra },
    { questionId: 'o', response: 'x', maxPoints: 5, status: 'graded', score: other, rubric: null, comment: null, graderId: null, gradedAt: null },
  ],
});

test('last counts: only the latest attempt; best counts: attempts that can still be the best', async () => {
  const a1 = attempt(1, 1, 'first');
  const a2 = attempt(1, 2, 'second');
  expect(countingAttempts([a1, a2], { allowed: 3, counts: 'last' }).map((a) => a.id)).toEqual([a2.id]);
  const strong = attempt(2, 1, 'strong', { status: 'graded', score: 3 }, 5); // 8 points, final
  const weak = attempt(2, 2, 'weak', {}, 0); // at most 3 points: cannot beat 8
  const close = attempt(2, 3, 'close', {}, 5); // up to 8: could tie or beat
  expect(countingAttempts([strong, weak, close], { allowed: 3, counts: 'best' }).map((a) => a.id).sort()).toEqual([strong.id, close.id].sort());
});

test('identical and near-identical answers share a group; a conflict is reported when the same text scored differently', async () => {
  expect(normaliseAnswer('It LEAKS, the admin D1!')).toBe('it leaks the admin d1');
  expect(similarity('it leaks the admin database to customers', 'it leaks the admin database to customer')).toBeGreaterThan(0.85);
  const attempts = [
    attempt(1, 1, 'It leaks the admin database to customers.', { status: 'graded', score: 3 }),
    attempt(2, 1, 'it leaks the admin database to customers', { status: 'graded', score: 1 }),
    attempt(3, 1, 'It leaks the admin database to customer'),
    attempt(4, 1, 'Something else entirely about KV.'),
    attempt(5, 1, '   '),
  ];
  const desk = buildDesk(question, attempts, { allowed: 1, counts: 'last' });
  expect(desk.groups.map((g) => g.members.length)).toEqual([3, 1]);
  expect(desk.groups[0]!.identical).toBe(false);
  expect(desk.progress).toMatchObject({ graded: 2, total: 4 });
  expect(desk.conflicts).toHaveLength(1);
  expect(desk.conflicts[0]!.scores.sort()).toEqual([1, 3]);
});
