import { describe, expect, test } from 'vitest';
import { parseQuiz } from '../../../src/schemas/quiz';
import { autoGrade, normalizeResponse } from '../../../src/server/grading/auto-grade';

const quiz = parseQuiz(
  {
    id: 'q',
    title: 'Q',
    lesson: 'a/b',
    questions: [
      { id: 's', type: 'single', prompt: 'p', points: 1, options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B' }] },
      {
        id: 'm',
        type: 'multiple',
        prompt: 'p',
        points: 2,
        options: [
          { id: 'a', text: 'A', correct: true },
          { id: 'b', text: 'B', correct: true },
          { id: 'c', text: 'C' },
        ],
      },
      { id: 'n', type: 'numeric', prompt: 'p', points: 2, answer: 71.8, tolerance: 0.01 },
      { id: 'x', type: 'numeric', prompt: 'p', points: 1, answer: 0.3 },
      { id: 't', type: 'text', prompt: 'p', points: 3, rubric: [{ id: 'r', description: 'd', points: 3 }] },
      { id: 'l', type: 'lab', lab: 'first-dispatch', prompt: 'p', points: 2 },
    ],
  },
  'q.yaml',
);
const q = (id: string) => quiz.questions.find((x) => x.id === id)!;
const none = { labsPassed: new Set<string>() };

describe('auto-grading', () => {
  test('single choice: full points for the correct option only', () => {
    expect(autoGrade(q('s'), 'a', none)).toEqual({ status: 'graded', score: 1 });
    expect(autoGrade(q('s'), 'b', none)).toEqual({ status: 'graded', score: 0 });
    expect(autoGrade(q('s'), null, none)).toEqual({ status: 'graded', score: 0 });
  });

  test('multiple choice: partial credit, wrong picks cancel right ones, never below zero', () => {
    expect(autoGrade(q('m'), ['a', 'b'], none).score).toBe(2);
    expect(autoGrade(q('m'), ['a'], none).score).toBe(1);
    expect(autoGrade(q('m'), ['a', 'c'], none).score).toBe(0);
    expect(autoGrade(q('m'), ['a', 'b', 'c'], none).score).toBe(1);
    expect(autoGrade(q('m'), ['c'], none).score).toBe(0);
    expect(autoGrade(q('m'), null, none).score).toBe(0);
  });

  test('numeric: correct within the tolerance, inclusive, wrong just outside it', () => {
    expect(autoGrade(q('n'), 71.8, none).score).toBe(2);
    expect(autoGrade(q('n'), 71.81, none).score).toBe(2);
    expect(autoGrade(q('n'), 71.79, none).score).toBe(2);
    expect(autoGrade(q('n'), 71.811, none).score).toBe(0);
    expect(autoGrade(q('n'), 7.18, none).score).toBe(0);
    expect(autoGrade(q('n'), null, none).score).toBe(0);
    // Zero tolerance still forgives floating-point noise.
    expect(autoGrade(q('x'), 0.1 + 0.2, none).score).toBe(1);
    expect(autoGrade(q('x'), 0.31, none).score).toBe(0);
  });

  test('free text waits for an instructor unless blank', () => {
    expect(autoGrade(q('t'), 'an answer', none)).toEqual({ status: 'pending', score: null });
    expect(autoGrade(q('t'), '   ', none)).toEqual({ status: 'graded', score: 0 });
    expect(autoGrade(q('t'), null, none)).toEqual({ status: 'graded', score: 0 });
  });

  test('lab questions are graded from the learner\'s lab passes', () => {
    expect(autoGrade(q('l'), null, { labsPassed: new Set(['first-dispatch']) }).score).toBe(2);
    expect(autoGrade(q('l'), null, { labsPassed: new Set(['other']) }).score).toBe(0);
  });

  test('responses of the wrong shape are refused with the question named', () => {
    expect(() => normalizeResponse(q('s'), 'z')).toThrow('Question "s" expects one of its option ids.');
    expect(() => normalizeResponse(q('s'), ['a'])).toThrow(/Question "s"/);
    expect(() => normalizeResponse(q('m'), ['a', 'z'])).toThrow('Question "m" expects a list of its option ids.');
    expect(() => normalizeResponse(q('n'), '71.8')).toThrow('Question "n" expects a number.');
    expect(() => normalizeResponse(q('t'), 5)).toThrow('Question "t" expects text.');
    expect(normalizeResponse(q('m'), ['a', 'a', 'b'])).toEqual(['a', 'b']);
    expect(normalizeResponse(q('l'), 'passed!')).toBeNull();
  });
});
