import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createGradingService } from '../../../src/server/grading/grading-service';
import { createLearnerProgress } from '../../../src/server/progress/learner-progress';
import { parseQuizBank } from '../../../src/server/quiz-bank/parse-bank';
import { createStore, type Store } from '../../../src/server/store/create-store';

const bank = parseQuizBank([{ name: 'isolation.yaml', text: readFileSync('tests/fixtures/quizzes/isolation.yaml', 'utf8') }]);
const right = { 'user-bindings': 'own', 'untrusted-mode': ['request-cf', 'shared-cache'], 'shared-env': 'It leaks the admin D1.' };
const labs = () => [{ id: 'first-dispatch', title: 'First dispatch', lesson: 'building/dynamic-dispatch' }];

let dataDir: string;
let store: Store;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'course-progress-'));
  store = createStore({ dataDir });
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});
const user = (email: string, role: 'learner' | 'instructor' = 'learner') => store.users.create({ email, name: email.split('@')[0]!, role, passwordHash: 'x' });

test('summary: completed lessons, passed labs, where to continue', () => {
  const progress = createLearnerProgress({ store, bank, labs });
  const ada = user('ada@example.com');
  expect(progress.summary(ada.id)).toEqual({ completedLessons: [], passedLabs: [], recent: [], gradedSinceLastVisit: 0 });
  store.progress.markLessonComplete(ada.id, 'foundations/welcome');
  store.progress.recordLabPass(ada.id, 'first-dispatch');
  const summary = progress.summary(ada.id);
  expect(summary.completedLessons).toEqual(['foundations/welcome']);
  expect(summary.passedLabs).toEqual(['first-dispatch']);
  expect([...summary.recent].sort()).toEqual(['building/dynamic-dispatch', 'foundations/welcome']);
});

test('My grades shows scores, pending work and feedback; an instructor\'s grade raises the badge until the learner looks', () => {
  const grading = createGradingService({ store, bank });
  const progress = createLearnerProgress({ store, bank, labs });
  const ada = user('ada@example.com');
  const grace = user('grace@example.com', 'instructor');
  const attempt = grading.submit(ada.id, 'isolation', right);

  const before = progress.grades(ada.id).rows.find((r) => r.quizId === 'isolation')!;
  expect(before).toMatchObject({ attempts: 1, pending: true, newlyGraded: false, feedback: [] });
  expect(progress.summary(ada.id).gradedSinceLastVisit).toBe(0);

  grading.gradeText({ graderId: grace.id, attemptId: attempt.id, questionId: 'shared-env', rubric: ['leak'], comment: 'Name the fix for secrets.' });
  expect(progress.summary(ada.id).gradedSinceLastVisit).toBe(1);
  const after = progress.grades(ada.id).rows.find((r) => r.quizId === 'isolation')!;
  // The comment follows the quiz's review options, as on the quiz page (#22): this quiz shows the rubric and comments
  // after the last attempt, and says so.
  expect(after).toMatchObject({ pending: false, newlyGraded: true, feedback: [] });
  expect(after.shownWhen === null || /after your last attempt|when the quiz closes/.test(after.shownWhen)).toBe(true);
  expect(after.score).toBeGreaterThan(0);

  progress.markGradesSeen(ada.id);
  expect(progress.summary(ada.id).gradedSinceLastVisit).toBe(0);
  expect(progress.grades(ada.id).rows.find((r) => r.quizId === 'isolation')!.newlyGraded).toBe(false);
});
