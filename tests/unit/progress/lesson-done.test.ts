import { expect, test } from 'vitest';
import { doneLessons, isLessonDone } from '../../../src/lib/progress/lesson-done';

const labs = { 'building/dynamic-dispatch': ['first-dispatch', 'routing-tables'], 'isolation/isolation-and-security': ['shared-env-leak'] };

test('a lesson is done when marked complete or when one of its labs passed; the same rule for every page', () => {
  const facts = { completedLessons: ['foundations/welcome'], passedLabs: ['first-dispatch'] };
  expect(isLessonDone(facts, 'foundations/welcome', labs)).toBe(true);
  expect(isLessonDone(facts, 'building/dynamic-dispatch', labs)).toBe(true);
  expect(isLessonDone(facts, 'isolation/isolation-and-security', labs)).toBe(false);
  expect([...doneLessons(facts, labs)].sort()).toEqual(['building/dynamic-dispatch', 'foundations/welcome']);
});
