import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createGradingService } from '../../../src/server/grading/grading-service';
import { createLearnerProgress } from '../../../src/server/progress/learner-progress';
import { parseQuizBank } from '../../../src/server/quiz-bank/parse-bank';
import type { Store } from '../../../src/server/store/create-store';
import { serverBackend } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

const bank = parseQuizBank([{ name: 'isolation.yaml', text: readFileSync('tests/fixtures/quizzes/isolation.yaml', 'utf8') }]);
const right = { 'user-bindings': 'own', 'untrusted-mode': ['request-cf', 'shared-cache'], 'shared-env': 'It leaks the admin D1.' };
const labs = () => [{ id: 'first-dispatch', title: 'First dispatch', lesson: 'building/dynamic-dispatch' }];

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

test('summary: completed lessons, passed labs, where to continue', async () => {
  const progress = createLearnerProgress({ store, bank, labs });
  const ada = await user('ada@example.com');
  expect(await progress.summary(ada.id)).toEqual({ completedLessons: [], passedLabs: [], recent: [], gradedSinceLastVisit: 0 });
  await store.progress.markLessonComplete(ada.id, 'foundations/welcome');
  await store.progress.recordLabPass(ada.id, 'first-dispatch');
  const summary = await progress.summary(ada.id);
  expect(summary.completedLessons).toEqual(['foundations/welcome']);
  expect(summary.passedLabs).toEqual(['first-dispatch']);
  expect([...summary.recent].sort()).toEqual(['building/dynamic-dispatch', 'foundations/welcome']);
});

test('My grades shows scores, pending work and feedback; an instructor\'s grade raises the badge until the learner looks', async () => {
  const grading = createGradingService({ store, bank });
  const progress = createLearnerProgress({ store, bank, labs });
  const ada = await user('ada@example.com');
  const grace = await user('grace@example.com', 'instructor');
  const attempt = await grading.submit(ada.id, 'isolation', right);

  const before = (await progress.grades(ada.id)).rows.find((r) => r.quizId === 'isolation')!;
  expect(before).toMatchObject({ attempts: 1, pending: true, newlyGraded: false, feedback: [] });
  expect((await progress.summary(ada.id)).gradedSinceLastVisit).toBe(0);

  await grading.gradeText({ graderId: grace.id, attemptId: attempt.id, questionId: 'shared-env', rubric: ['leak'], comment: 'Name the fix for secrets.' });
  expect((await progress.summary(ada.id)).gradedSinceLastVisit).toBe(1);
  const after = (await progress.grades(ada.id)).rows.find((r) => r.quizId === 'isolation')!;
  // The comment follows the quiz's review options, as on the quiz page (#22): this quiz shows the rubric and comments
  // after the last attempt.
  expect(after).toMatchObject({ pending: false, newlyGraded: true, feedback: [] });
  expect(after.score).toBeGreaterThan(0);

  await progress.markGradesSeen(ada.id);
  expect((await progress.summary(ada.id)).gradedSinceLastVisit).toBe(0);
  expect((await progress.grades(ada.id)).rows.find((r) => r.quizId === 'isolation')!.newlyGraded).toBe(false);
});
