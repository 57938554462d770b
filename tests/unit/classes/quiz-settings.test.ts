import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseQuiz } from '../../../src/schemas/quiz';
import { classSettingsSchema } from '../../../src/server/classes/schemas';
import { quizForClass } from '../../../src/server/classes/quiz-settings';

const quiz = parseQuiz(parse(readFileSync('src/content/quizzes/dispatch-worker.yaml', 'utf8')), 'dispatch-worker.yaml');
const settings = (s: Record<string, unknown>) => classSettingsSchema.parse(s);

test('no class settings: the quiz file rules', () => {
  expect(quizForClass(quiz, settings({}))).toEqual(quiz);
});

test('a per-quiz override replaces the file; class-wide dates only narrow its window', () => {
  const q = quizForClass(quiz, settings({ perQuiz: { 'dispatch-worker': { closesAt: '2030-01-01T00:00:00Z', attempts: 7 } } }));
  expect([q.closes, q.attempts.allowed, q.attempts.counts]).toEqual(['2030-01-01T00:00:00Z', 7, quiz.attempts.counts]);
  const narrowed = quizForClass({ ...quiz, closes: '2029-01-01T00:00:00Z' }, settings({ closesAt: '2031-01-01T00:00:00Z', opensAt: '2028-01-01T00:00:00Z' }));
  expect([narrowed.opens, narrowed.closes]).toEqual(['2028-01-01T00:00:00Z', '2029-01-01T00:00:00Z']);
  // Another quiz's override does not apply.
  expect(quizForClass(quiz, settings({ perQuiz: { other: { attempts: 9 } } })).attempts.allowed).toBe(quiz.attempts.allowed);
});

test("review: after-close holds back every part that is shown, never hides all; a per-quiz review wins over the class's", () => {
  const held = quizForClass(quiz, settings({ review: 'after-close' })).review;
  expect(Object.values(held).every((w) => w === 'after-close')).toBe(true);
  expect(Object.values(quizForClass(quiz, settings({ review: 'never' })).review).every((w) => w === 'never')).toBe(true);
  const perQuiz = quizForClass(quiz, settings({ review: 'never', perQuiz: { 'dispatch-worker': { review: 'after-close' } } })).review;
  expect(perQuiz.marks).toBe('after-close');
});
