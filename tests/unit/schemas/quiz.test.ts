import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { parseQuiz, publicQuestion, QuizContentError, type Quiz } from '../../../src/schemas/quiz';
import { parseQuizBank } from '../../../src/server/quiz-bank/parse-bank';

const dir = 'src/content/quizzes';
const valid = {
  id: 'sample',
  title: 'Sample',
  lesson: 'building/dynamic-dispatch',
  attempts: { allowed: 3, counts: 'best' },
  questions: [
    {
      id: 'pick',
      type: 'single',
      prompt: 'Pick one',
      points: 1,
      options: [
        { id: 'a', text: 'A', correct: true, feedback: 'yes' },
        { id: 'b', text: 'B', feedback: 'no' },
      ],
      explanation: 'Because.',
    },
    { id: 'bill', type: 'numeric', prompt: 'How much?', points: 2, answer: 71.8, tolerance: 0.01, unit: 'USD' },
    { id: 'why', type: 'text', long: true, prompt: 'Why?', points: 2, rubric: [{ id: 'r1', description: 'Says why', points: 2 }] },
    { id: 'lab-pass', type: 'lab', lab: 'first-dispatch', prompt: 'Do the lab.', points: 2 },
  ],
};
const withQuestion = (patch: Record<string, unknown>, index = 0) => ({
  ...valid,
  questions: valid.questions.map((q, i) => (i === index ? { ...q, ...patch } : q)),
});
const errorOf = (data: unknown, file = 'src/content/quizzes/sample.yaml') => {
  try {
    parseQuiz(data, file);
  } catch (error) {
    expect(error).toBeInstanceOf(QuizContentError);
    return (error as Error).message;
  }
  throw new Error('expected the quiz to be refused');
};

describe('quiz schema', () => {
  test('every quiz file in the bank is valid and named after its id', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    const bank = parseQuizBank(files.map((f) => ({ name: `${dir}/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') })));
    expect(bank.list().length).toBe(files.length);
    expect(bank.get('isolation')?.lesson).toBe('isolation/isolation-and-security');
  });

  test('the isolation quiz has the shared-env question with its rubric on what leaks, why, the fix, write access, no row-level security, incident response and scoped props', () => {
    const bank = parseQuizBank([{ name: `${dir}/isolation.yaml`, text: readFileSync(`${dir}/isolation.yaml`, 'utf8') }]);
    const q = bank.get('isolation')!.questions.find((x) => x.id === 'shared-env')!;
    expect(q.type).toBe('text');
    expect(q.prompt).toContain('admin D1');
    if (q.type === 'text') expect(q.rubric.map((r) => r.id)).toEqual(['leak', 'isolation', 'fix', 'write-access', 'no-rls', 'incident', 'scoped']);
  });

  test('accepts the documented shape, with defaults', () => {
    const quiz = parseQuiz(valid, 'sample.yaml');
    expect(quiz.questions).toHaveLength(4);
    const noPolicy = parseQuiz({ ...valid, attempts: undefined }, 'sample.yaml');
    expect(noPolicy.attempts).toEqual({ allowed: 'unlimited', counts: 'best' });
  });

  test('errors name the file and the failing field', () => {
    const message = errorOf(withQuestion({ points: 0 }));
    expect(message).toContain('src/content/quizzes/sample.yaml');
    expect(message).toContain('questions[0].points: must be greater than 0');
  });

  test('a single-choice question needs exactly one correct option', () => {
    const opts = [
      { id: 'a', text: 'A', correct: true },
      { id: 'b', text: 'B', correct: true },
    ];
    expect(errorOf(withQuestion({ options: opts }))).toContain('questions[0].options: a single-choice question needs exactly one');
  });

  test('refuses unknown types, unknown fields, bad attempts policy and rubrics worth more than the question', () => {
    expect(errorOf(withQuestion({ type: 'essay' }))).toContain('questions[0]');
    expect(errorOf(withQuestion({ answers: 3 }, 1))).toMatch(/questions\[1\].*answers/);
    expect(errorOf({ ...valid, attempts: { allowed: 0, counts: 'best' } })).toContain('attempts.allowed');
    expect(errorOf({ ...valid, attempts: { allowed: 2, counts: 'first' } })).toContain('attempts.counts');
    expect(errorOf(withQuestion({ points: 1 }, 2))).toContain('rubric items add up to more');
  });

  test('refuses duplicate ids and an id that differs from the file name', () => {
    expect(errorOf({ ...valid, questions: [valid.questions[0], valid.questions[0]] })).toContain('duplicate question id "pick"');
    expect(errorOf(valid, 'src/content/quizzes/other.yaml')).toContain('id: "sample" must equal the file name "other"');
  });

  test('a YAML syntax error names the file', () => {
    expect(() => parseQuizBank([{ name: 'broken.yaml', text: 'id: [unclosed' }])).toThrow(/broken\.yaml: not valid YAML/);
    expect(() => parseQuizBank([{ name: 'sample.yaml', text: stringify(valid) }])).not.toThrow();
  });

  test('the public view of a question carries no answer key', () => {
    const quiz: Quiz = parseQuiz(valid, 'sample.yaml');
    const text = JSON.stringify(quiz.questions.map(publicQuestion));
    for (const secret of ['correct', 'feedback', 'explanation', 'rubric', '71.8', 'tolerance', 'Says why']) expect(text).not.toContain(secret);
    expect(text).toContain('USD');
  });
});
