import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { createGradingService } from '../../../src/server/grading/grading-service';
import { questionStatistics, SMALL_SAMPLE } from '../../../src/server/grading/statistics';
import { parseQuizBank } from '../../../src/server/quiz-bank/parse-bank';
import { createStore, type Store } from '../../../src/server/store/create-store';

const data = parse(readFileSync('tests/fixtures/quizzes/isolation.yaml', 'utf8'));
data.review = { marks: 'after-attempt', correctness: 'after-attempt', answers: 'after-attempt', explanations: 'after-attempt', rubric: 'after-attempt' };
const bank = parseQuizBank([{ name: 'isolation.yaml', text: stringify(data) }]);
const quiz = bank.get('isolation')!;

let dataDir: string;
let store: Store;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'course-regrade-'));
  store = createStore({ dataDir });
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});
const user = (email: string, role: 'learner' | 'instructor' = 'learner') => store.users.create({ email, name: email.split('@')[0]!, role, passwordHash: 'x' });

describe('statistics (#22)', () => {
  test('a multi-select question never names a correct option as the most common wrong answer; options by text; small samples flagged', () => {
    const grading = createGradingService({ store, bank });
    // Three learners pick only one of the two correct options; one adds a wrong option.
    for (const [i, picks] of [['request-cf'], ['request-cf'], ['request-cf', 'fetch']].entries()) grading.submit(user(`l${i}@example.com`).id, 'isolation', { 'untrusted-mode': picks });
    const stats = questionStatistics(quiz, store.attempts.listForQuiz('isolation'));
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
  test('full credit, drop a question and accept an extra option: dry run first, then applied, audited and kept for later submissions', () => {
    const grading = createGradingService({ store, bank });
    const grace = user('grace@example.com', 'instructor');
    const ada = user('ada@example.com');
    const bob = user('bob@example.com');
    grading.submit(ada.id, 'isolation', { 'user-bindings': 'dispatcher' });
    grading.submit(bob.id, 'isolation', { 'user-bindings': 'own' });

    // Nothing to change against the key: a dry run with no changes.
    expect(grading.regradePreview('isolation').answersChanged).toBe(0);

    // Accept "dispatcher" as a second right answer: the dry run shows Ada going up; nothing is written yet.
    const accept = { questionId: 'user-bindings', kind: 'accept-option' as const, optionId: 'dispatcher' };
    const preview = grading.regradePreview('isolation', accept);
    expect(preview.answersChanged).toBe(1);
    expect(preview.learners).toMatchObject([{ name: 'ada', before: 0, after: 1 }]);
    expect(store.adjustments.list('isolation')).toEqual([]);
    grading.regrade('isolation', grace.id, accept);
    expect(store.adjustments.list('isolation')).toEqual([accept]);
    expect(store.attempts.listForLearner(ada.id, 'isolation')[0]!.answers.find((a) => a.questionId === 'user-bindings')!.score).toBe(1);
    // A later submission is graded with the adjustment too, and counts as up to date.
    const carl = user('carl@example.com');
    expect(grading.submit(carl.id, 'isolation', { 'user-bindings': 'dispatcher' }).answers.find((a) => a.questionId === 'user-bindings')!.score).toBe(1);
    expect(grading.staleAttempts('isolation')).toBe(0);

    // Full credit: every answer, blank ones included, gets the question's points.
    grading.regrade('isolation', grace.id, { questionId: 'untrusted-mode', kind: 'full-credit' });
    for (const learner of [ada, bob, carl]) {
      const answer = store.attempts.listForLearner(learner.id, 'isolation')[0]!.answers.find((a) => a.questionId === 'untrusted-mode')!;
      expect(answer).toMatchObject({ score: 2, maxPoints: 2 });
    }

    // Drop: the question is worth nothing for anyone.
    grading.regrade('isolation', grace.id, { questionId: 'user-bindings', kind: 'drop' });
    const dropped = store.attempts.listForLearner(bob.id, 'isolation')[0]!.answers.find((a) => a.questionId === 'user-bindings')!;
    expect(dropped).toMatchObject({ score: 0, maxPoints: 0 });

    const audit = store.audit.list().filter((e) => e.action === 'regrade').map((e) => e.summary);
    expect(audit).toEqual([
      expect.stringMatching(/question 1 dropped/),
      expect.stringMatching(/full credit for question 2/),
      expect.stringMatching(/question 1: “.*” accepted as correct\): 1 answer\(s\) changed/),
    ]);
  });

  test('an adjustment naming an unknown question or an option already correct is refused', () => {
    const grading = createGradingService({ store, bank });
    expect(() => grading.regradePreview('isolation', { questionId: 'nope', kind: 'drop' })).toThrow('No question "nope"');
    expect(() => grading.regradePreview('isolation', { questionId: 'user-bindings', kind: 'accept-option', optionId: 'own' })).toThrow('already correct');
    expect(() => grading.regradePreview('isolation', { questionId: 'shared-env', kind: 'accept-option', optionId: 'x' })).toThrow('Only choice questions');
  });
});

describe('hand grades in the audit log (#22)', () => {
  test('a rubric grade and a change to it are both audited, with before and after', () => {
    const grading = createGradingService({ store, bank });
    const grace = user('grace@example.com', 'instructor');
    const ada = user('ada@example.com');
    const attempt = grading.submit(ada.id, 'isolation', { 'shared-env': 'It leaks the admin D1.' });
    grading.gradeText({ graderId: grace.id, attemptId: attempt.id, questionId: 'shared-env', rubric: ['leak'], comment: '' });
    grading.gradeText({ graderId: grace.id, attemptId: attempt.id, questionId: 'shared-env', rubric: ['leak', 'isolation'], comment: 'Better.' });
    const entries = store.audit.list().filter((e) => e.action.startsWith('grade'));
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ['grade-change', grace.id],
      ['grade', grace.id],
    ]);
    expect(entries[0]!.summary).toMatch(/^Changed the grade question 3 of .* for ada \(attempt 1\): 1 → 2 \/ 4, with a comment\.$/);
    expect(entries[0]!.details).toMatchObject({ before: { score: 1, rubric: ['leak'] }, after: { score: 2, rubric: ['leak', 'isolation'], comment: 'Better.' } });
  });
});
