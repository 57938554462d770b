import { expect, test } from 'vitest';
import { parseQuiz } from '../../../src/schemas/quiz';
import { rescoreRubric, scoreRubric } from '../../../src/server/grading/rubric';

const quiz = parseQuiz(
  {
    id: 'r',
    title: 'R',
    lesson: 'a/b',
    questions: [
      {
        id: 't',
        type: 'text',
        prompt: 'p',
        points: 4,
        rubric: [
          { id: 'leak', description: 'd', points: 1 },
          { id: 'why', description: 'd', points: 1.5 },
          { id: 'fix', description: 'd', points: 1.5 },
        ],
      },
    ],
  },
  'r.yaml',
);
const q = quiz.questions[0]!;
if (q.type !== 'text') throw new Error('fixture');

test('checked rubric items sum to the score', () => {
  expect(scoreRubric(q, [])).toEqual({ score: 0, checked: [] });
  expect(scoreRubric(q, ['leak'])).toEqual({ score: 1, checked: ['leak'] });
  expect(scoreRubric(q, ['fix', 'leak']).score).toBe(2.5);
  expect(scoreRubric(q, ['leak', 'why', 'fix']).score).toBe(4);
});

test('checked ids come back in rubric order without duplicates', () => {
  expect(scoreRubric(q, ['fix', 'leak', 'fix']).checked).toEqual(['leak', 'fix']);
});

test('unknown rubric items are refused', () => {
  expect(() => scoreRubric(q, ['leak', 'bogus'])).toThrow('Unknown rubric item(s) for "t": bogus.');
});

test('regrading drops items that left the rubric and caps at the question points', () => {
  expect(rescoreRubric(q, ['leak', 'removed'])).toEqual({ score: 1, checked: ['leak'] });
  expect(rescoreRubric({ ...q, points: 2 }, ['leak', 'why', 'fix']).score).toBe(2);
});
