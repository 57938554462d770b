import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { createGradingService } from '../../../src/server/grading/grading-service';
import { buildGradebook, gradebookCsvRows } from '../../../src/server/grading/gradebook';
import { questionStatistics } from '../../../src/server/grading/statistics';
import { parseQuizBank } from '../../../src/server/quiz-bank/parse-bank';
import type { Store } from '../../../src/server/store/create-store';
import { serverBackend } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

const isolationYaml = readFileSync('tests/fixtures/quizzes/isolation.yaml', 'utf8');
const bankFrom = (mutate?: (quiz: any) => void) => {
  const data = parse(isolationYaml);
  // These tests pin what a full review shows; the default review (keys after the last attempt) has its own test.
  data.review ??= { marks: 'after-attempt', correctness: 'after-attempt', answers: 'after-attempt', explanations: 'after-attempt', rubric: 'after-attempt' };
  mutate?.(data);
  const lab = { id: 'lab-pass', type: 'lab', lab: 'first-dispatch', prompt: 'Do the lab.', points: 2 };
  return parseQuizBank([
    { name: 'isolation.yaml', text: stringify(data) },
    { name: 'labs.yaml', text: stringify({ id: 'labs', title: 'Labs', lesson: 'building/labs', attempts: { allowed: 'unlimited', counts: 'last' }, questions: [lab] }) },
  ]);
};
const right = { 'user-bindings': 'own', 'untrusted-mode': ['request-cf', 'shared-cache'], 'shared-env': 'It leaks the admin D1.' };

let t: TestStore;
let store: Store;
beforeEach(async () => {
  t = await openTestStore(serverBackend);
  store = t.store;
});
afterEach(async () => {
  await t.cleanup();
});
const user = async (email: string, role: 'learner' | 'instructor' = 'learner') => await store.users.create({ email, name: email.split('@')[0]!, role, passwordHash: 'x' });

describe('grading service on a real store', () => {
  test('by default the review hides keys, correctness and the rubric until no attempt is left', async () => {
    const grading = createGradingService({ store, bank: bankFrom((q) => delete q.review) });
    const ada = await user('ada@example.com');
    for (let i = 1; i <= 2; i++) {
      const attempt = await grading.submit(ada.id, 'isolation', {});
      expect(attempt.answers.every((a) => a.key === undefined && a.score === null)).toBe(true);
      expect(JSON.stringify(await grading.learnerState(ada.id, 'isolation'))).not.toMatch(/"correct"|descriptionHtml|explanationHtml/);
    }
    const last = await grading.submit(ada.id, 'isolation', right);
    expect((await grading.learnerState(ada.id, 'isolation')).attemptsRemaining).toBe(0);
    expect(last.answers.find((a) => a.questionId === 'user-bindings')!.key?.options?.find((o) => o.correct)?.id).toBe('own');
  });

  test('auto-graded parts are scored at submit; keys appear only for graded questions', async () => {
    const grading = createGradingService({ store, bank: bankFrom() });
    const ada = await user('ada@example.com');
    const attempt = await grading.submit(ada.id, 'isolation', right);
    expect(attempt).toMatchObject({ number: 1, score: 3, maxScore: 7, pending: true });
    const text = attempt.answers.find((a) => a.questionId === 'shared-env')!;
    expect(text).toMatchObject({ status: 'pending', score: null });
    expect(text.key).toBeUndefined();
    expect(JSON.stringify(text)).not.toContain('rubric');
    expect(attempt.answers.find((a) => a.questionId === 'user-bindings')!.key?.options?.find((o) => o.correct)?.id).toBe('own');
  });

  test('the instructor grade, rubric and comment reach the learner; learners see only their own attempts', async () => {
    const grading = createGradingService({ store, bank: bankFrom() });
    const ada = await user('ada@example.com');
    const bob = await user('bob@example.com');
    const grace = await user('grace@example.com', 'instructor');
    const attempt = await grading.submit(ada.id, 'isolation', right);
    await grading.submit(bob.id, 'isolation', { 'user-bindings': 'dispatcher' });
    await grading.gradeText({ graderId: grace.id, attemptId: attempt.id, questionId: 'shared-env', rubric: ['leak', 'per-tenant'], comment: ' Name the fix for secrets. ' });

    const state = await grading.learnerState(ada.id, 'isolation');
    expect(state.attempts).toHaveLength(1);
    expect(state.attempts[0]).toMatchObject({ score: 5, pending: false });
    const text = state.attempts[0]!.answers.find((a) => a.questionId === 'shared-env')!;
    expect(text.key?.comment).toBe('Name the fix for secrets.');
    expect(text.key?.rubric?.filter((r) => r.met).map((r) => r.id)).toEqual(['leak', 'per-tenant']);
    expect((await grading.learnerState(bob.id, 'isolation')).attempts.map((a) => a.score)).toEqual([0]);

    await expect(grading.gradeText({ graderId: grace.id, attemptId: attempt.id, questionId: 'user-bindings', rubric: [], comment: '' })).rejects.toThrow(
      'Only free-text answers are graded by hand.',
    );
    await expect(grading.gradeText({ graderId: grace.id, attemptId: 999, questionId: 'shared-env', rubric: [], comment: '' })).rejects.toThrow('No such attempt.');
  });

  test('attempts policy: the limit is enforced and best or last attempt counts', async () => {
    const grading = createGradingService({ store, bank: bankFrom() });
    const ada = await user('ada@example.com');
    await grading.submit(ada.id, 'isolation', right);
    await grading.submit(ada.id, 'isolation', { 'user-bindings': 'none' });
    const state = await grading.learnerState(ada.id, 'isolation');
    expect(state.attemptsRemaining).toBe(1);
    expect(state.countedAttemptId).toBe(state.attempts[0]!.id); // best
    await grading.submit(ada.id, 'isolation', {});
    await expect(grading.submit(ada.id, 'isolation', right)).rejects.toThrow('You have used all 3 attempts at this quiz.');

    const last = createGradingService({ store, bank: bankFrom((q) => (q.attempts = { allowed: 'unlimited', counts: 'last' })) });
    const s = await last.learnerState(ada.id, 'isolation');
    expect(s.attemptsRemaining).toBeNull();
    expect(s.countedAttemptId).toBe(s.attempts[2]!.id);
  });

  test('lab questions are graded from recorded lab passes', async () => {
    const grading = createGradingService({ store, bank: bankFrom() });
    const ada = await user('ada@example.com');
    expect((await grading.submit(ada.id, 'labs', {})).score).toBe(0);
    await store.progress.recordLabPass(ada.id, 'first-dispatch');
    expect((await grading.submit(ada.id, 'labs', {})).score).toBe(2);
  });

  test('bad answers and unknown quizzes are refused without storing anything', async () => {
    const grading = createGradingService({ store, bank: bankFrom() });
    const ada = await user('ada@example.com');
    await expect(grading.submit(ada.id, 'isolation', { 'user-bindings': 'nope' })).rejects.toThrow('Question "user-bindings" expects one of its option ids.');
    await expect(grading.submit(ada.id, 'isolation', { ghost: 'x' })).rejects.toThrow('Unknown question(s): ghost.');
    await expect(grading.submit(ada.id, 'nope', {})).rejects.toThrow('No quiz "nope".');
    expect(await store.attempts.countAttempts(ada.id, 'isolation')).toBe(0);
  });

  test('regrade: a changed key and rubric re-score affected attempts, with a record of what changed', async () => {
    const before = createGradingService({ store, bank: bankFrom() });
    const ada = await user('ada@example.com');
    const bob = await user('bob@example.com');
    const grace = await user('grace@example.com', 'instructor');
    const a = await before.submit(ada.id, 'isolation', right);
    await before.submit(bob.id, 'isolation', { 'user-bindings': 'dispatcher' });
    const carl = await user('carl@example.com');
    const pending = await before.submit(carl.id, 'isolation', { 'shared-env': 'not graded yet' });
    await before.gradeText({ graderId: grace.id, attemptId: a.id, questionId: 'shared-env', rubric: ['leak', 'isolation'], comment: 'ok' });
    expect(await before.staleAttempts('isolation')).toBe(0);

    // The key now (wrongly, for the test) says "dispatcher"; the rubric drops "isolation" and doubles "leak".
    const after = createGradingService({
      store,
      bank: bankFrom((quiz) => {
        const single = quiz.questions[0];
        for (const o of single.options) o.correct = o.id === 'dispatcher' ? true : undefined;
        const text = quiz.questions[2];
        text.rubric = text.rubric.filter((r: { id: string }) => r.id !== 'isolation');
        text.rubric[0].points = 2;
        text.points = 5;
      }),
    });
    expect(await after.staleAttempts('isolation')).toBe(3);
    const { changed } = await after.regrade('isolation', grace.id);
    expect(changed).toEqual(
      expect.arrayContaining([
        { attemptId: a.id, questionId: 'user-bindings', oldScore: 1, newScore: 0 },
        expect.objectContaining({ questionId: 'user-bindings', oldScore: 0, newScore: 1 }),
        { attemptId: a.id, questionId: 'shared-env', oldScore: 2, newScore: 2 },
      ]),
    );
    const graded = (await after.learnerState(ada.id, 'isolation')).attempts[0]!.answers.find((x) => x.questionId === 'shared-env')!;
    expect(graded).toMatchObject({ score: 2, maxPoints: 5 });
    expect(graded.key?.comment).toBe('ok');
    expect(await after.staleAttempts('isolation')).toBe(0);
    // Still awaiting grading, but now out of the question's new points.
    const waiting = (await after.learnerState(carl.id, 'isolation')).attempts[0]!;
    expect(waiting.id).toBe(pending.id);
    expect(waiting.answers.find((x) => x.questionId === 'shared-env')).toMatchObject({ status: 'pending', score: null, maxPoints: 5 });
    expect(waiting.maxScore).toBe(8);
    const history = await store.attempts.listRegrades('isolation');
    expect(history).toHaveLength(1);
    expect(history[0]!.changes.length).toBe(changed.length);
    // A second regrade with the same key changes nothing.
    expect((await after.regrade('isolation', grace.id)).changed).toEqual([]);
  });

  test('statistics and gradebook reflect the stored attempts', async () => {
    const bank = bankFrom();
    const grading = createGradingService({ store, bank });
    const ada = await user('ada@example.com');
    const bob = await user('=bob@example.com');
    const carl = await user('carl@example.com');
    await grading.submit(ada.id, 'isolation', right);
    await grading.submit(bob.id, 'isolation', { 'user-bindings': 'dispatcher', 'untrusted-mode': ['fetch'] });
    await grading.submit(carl.id, 'isolation', { 'user-bindings': 'dispatcher' });
    await store.progress.recordLabPass(carl.id, 'first-dispatch');

    const stats = questionStatistics(bank.get('isolation')!, await store.attempts.listForQuiz('isolation'));
    const single = stats.find((s) => s.questionId === 'user-bindings')!;
    expect(single).toMatchObject({ attempts: 3, graded: 3, meanScore: 0.333 });
    expect(single.options?.find((o) => o.id === 'dispatcher')?.picked).toBe(2);
    expect(single.commonWrong).toEqual({ answer: expect.stringContaining('dynamic dispatch Worker'), count: 2 });
    expect(stats.find((s) => s.questionId === 'shared-env')).toMatchObject({ attempts: 3, graded: 2 });

    const book = buildGradebook({
      quizzes: bank.list(),
      learners: await store.users.list(),
      attempts: await store.attempts.listAll(),
      labPasses: (await store.progress.summary()).labs,
      lessons: (await store.progress.summary()).lessons,
    });
    const rows = gradebookCsvRows(book);
    expect(rows[0]).toEqual(['Name', 'Email', 'Lessons completed', 'labs (of 2)', 'isolation (of 7)', 'Quiz total', 'Quiz %', 'Awaiting grading', 'lab: first-dispatch', 'Labs passed', 'Labs %']);
    const carlRow = rows.find((r) => r[1] === 'carl@example.com')!;
    expect(carlRow).toEqual(['carl', 'carl@example.com', 0, null, 0, 0, 0, '', 'passed', 1, 100]);
    expect(rows.find((r) => r[1] === 'ada@example.com')).toEqual(['ada', 'ada@example.com', 0, null, 3, 3, 33.333, 'isolation', '', 0, 0]);
  });
});
