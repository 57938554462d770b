import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { createGradingService } from '../../../src/server/grading/grading-service';
import { questionStatistics, SMALL_SAMPLE } from '../../../src/server/grading/statistics';
import { parseQuizBank } from '../../../src/server/quiz-bank/parse-bank';
import type { Store } from '../../../src/server/store/create-store';
import { serverBackend } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

const data = parse(readFileSync('tests/fixtures/quizzes/isolation.yaml', 'utf8'));
data.review = { marks: 'after-attempt', correctness: 'after-attempt', answers: 'after-attempt', explanations: 'after-attempt', rubric: 'after-attempt' };
const bank = parseQuizBank([{ name: 'isolation.yaml', text: stringify(data) }]);
const quiz = bank.get('isolation')!;

let t: TestStore;
let store: Store;
beforeEach(async () => {
  t = await openTestStore(serverBackend);
  store = t.store;
});
afterEach(async () => {
  await t.cleanup();
});
const user = (email: string, role: 'learner' | 'instructor' = 'learner') => store.users.create({ email, name: email.split('@')[0]!, role, passwordHash: 'x' });

describe('statistics (#22)', () => {
  test('a multi-select question never names a correct option as the most common wrong answer; options by text; small samples flagged', async () => {
    const grading = createGradingService({ store, bank });
    // Three learners pick only one of the two correct options; one adds a wrong option.
    for (const [i, picks] of [['request-cf'], ['request-cf'], ['request-cf', 'fetch']].entries()) await grading.submit((await user(`l${i}@example.com`)).id, 'isolation', { 'untrusted-mode': picks });
    const stats = questionStatistics(quiz, await store.attempts.listForQuiz('isolation'));
    const multi = stats.find((s) => s.questionId === 'untrusted-mode')!;
    const correctTexts = quiz.questions.find((q) => q.id === 'untrusted-mode')!.type === 'multiple' ? multi.options!.filter((o) => o.correct).map((o) => o.text) : [];
    expect(multi.commonWrong).toEqual({ answer: 'Outgoing `fetch()` subrequests', count: 1 });
    expect(correctTexts).not.toContain(multi.commonWrong!.answer);
    expect(multi.commonMissed).toEqual({ answer: expect.stringContaining('caches.default'), count: 3 });
    expect(multi.options!.map((o) => [o.text.slice(0, 20), o.correct, o.picked])).toContainEqual(['The `request.cf` obj', true, 3]);
    expect(multi).toMatchObject({ learners: 3, smallSample: true });
    expect(SMALL_SAMPLE).toBeGreaterThan(3);
  });
});

describe('regrade beyond the key (#22)', () => {
  test('full credit, drop a question and accept an extra option: dry run first, then applied, audited and kept for later submissions', async () => {
    const grading = createGradingService({ store, bank });
    const grace = await user('grace@example.com', 'instructor');
    const ada = await user('ada@example.com');
    const bob = await user('bob@example.com');
    await grading.submit(ada.id, 'isolation', { 'user-bindings': 'dispatcher' });
    await grading.submit(bob.id, 'isolation', { 'user-bindings': 'own' });

    // Nothing to change against the key: a dry run with no changes.
    expect((await grading.regradePreview('isolation')).answersChanged).toBe(0);

    // Accept "dispatcher" as a second right answer: the dry run shows Ada going up; nothing is written yet.
    const accept = { questionId: 'user-bindings', kind: 'accept-option' as const, optionId: 'dispatcher' };
    const preview = await grading.regradePreview('isolation', accept);
    expect(preview.answersChanged).toBe(1);
    expect(preview.learners).toMatchObject([{ name: 'ada', before: 0, after: 1 }]);
    expect(await store.adjustments.list('isolation')).toEqual([]);
    await grading.regrade('isolation', grace.id, accept);
    expect(await store.adjustments.list('isolation')).toEqual([accept]);
    expect((await store.attempts.listForLearner(ada.id, 'isolation'))[0]!.answers.find((a) => a.questionId === 'user-bindings')!.score).toBe(1);
    // A later submission is graded with the adjustment too, and counts as up to date.
    const carl = await user('carl@example.com');
    expect((await grading.submit(carl.id, 'isolation', { 'user-bindings': 'dispatcher' })).answers.find((a) => a.questionId === 'user-bindings')!.score).toBe(1);
    expect(await grading.staleAttempts('isolation')).toBe(0);

    // Full credit: every answer, blank ones included, gets the question's points.
    await grading.regrade('isolation', grace.id, { questionId: 'untrusted-mode', kind: 'full-credit' });
    for (const learner of [ada, bob, carl]) {
      const answer = (await store.attempts.listForLearner(learner.id, 'isolation'))[0]!.answers.find((a) => a.questionId === 'untrusted-mode')!;
      expect(answer).toMatchObject({ score: 2, maxPoints: 2 });
    }

    // Drop: the question is worth nothing for anyone.
    await grading.regrade('isolation', grace.id, { questionId: 'user-bindings', kind: 'drop' });
    const dropped = (await store.attempts.listForLearner(bob.id, 'isolation'))[0]!.answers.find((a) => a.questionId === 'user-bindings')!;
    expect(dropped).toMatchObject({ score: 0, maxPoints: 0 });

    const audit = (await store.audit.list()).filter((e) => e.action === 'regrade').map((e) => e.summary);
    expect(audit).toEqual([
      expect.stringMatching(/question 1 dropped/),
      expect.stringMatching(/full credit for question 2/),
      expect.stringMatching(/question 1: “.*” accepted as correct\): 1 answer\(s\) changed/),
    ]);
  });

  test('an adjustment naming an unknown question or an option already correct is refused', async () => {
    const grading = createGradingService({ store, bank });
    await expect(grading.regradePreview('isolation', { questionId: 'nope', kind: 'drop' })).rejects.toThrow('No question "nope"');
    await expect(grading.regradePreview('isolation', { questionId: 'user-bindings', kind: 'accept-option', optionId: 'own' })).rejects.toThrow('already correct');
    await expect(grading.regradePreview('isolation', { questionId: 'shared-env', kind: 'accept-option', optionId: 'x' })).rejects.toThrow('Only choice questions');
  });
});

describe('hand grades in the audit log (#22)', () => {
  test('a rubric grade and a change to it are both audited, with before and after', async () => {
    const grading = createGradingService({ store, bank });
    const grace = await user('grace@example.com', 'instructor');
    const ada = await user('ada@example.com');
    const attempt = await grading.submit(ada.id, 'isolation', { 'shared-env': 'It leaks the admin D1.' });
    await grading.gradeText({ graderId: grace.id, attemptId: attempt.id, questionId: 'shared-env', rubric: ['leak'], comment: '' });
    await grading.gradeText({ graderId: grace.id, attemptId: attempt.id, questionId: 'shared-env', rubric: ['leak', 'isolation'], comment: 'Better.' });
    const entries = (await store.audit.list()).filter((e) => e.action.startsWith('grade'));
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ['grade-change', grace.id],
      ['grade', grace.id],
    ]);
    expect(entries[0]!.summary).toMatch(/^Changed the grade question 3 of .* for ada \(attempt 1\): 1 → 2 \/ 4, with a comment\.$/);
    expect(entries[0]!.details).toMatchObject({ before: { score: 1, rubric: ['leak'] }, after: { score: 2, rubric: ['leak', 'isolation'], comment: 'Better.' } });
  });
});
