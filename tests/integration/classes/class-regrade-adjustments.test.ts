import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { createClient, type Client } from '../../support/http-client';

/** Issue 19: a regrade adjustment made in class A (full credit for a question) changes class A's grades only. */
const run = promisify(execFile);
const QUIZ = 'dispatch-worker';
let server: CourseServer;
let admin: Client;

async function json<T>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

async function classWithLearner(name: string): Promise<{ classId: number; learner: Client }> {
  const { class: c } = await json<{ class: { id: number; joinCode: string } }>(await admin.request('/api/classes', { json: { name } }));
  const learner = createClient(server.url);
  expect((await learner.signUp(`${name.toLowerCase().replace(/\W+/g, '-')}@example.com`, 'learner-password', name)).status).toBe(201);
  expect((await learner.request('/api/classes/join', { json: { code: c.joinCode } })).status).toBe(200);
  return { classId: c.id, learner };
}

const score = async (c: Client) =>
  (await json<{ rows: { quizId: string; score: number | null }[] }>(await c.request('/api/grades'))).rows.find((r) => r.quizId === QUIZ)?.score;
const submitBlank = async (c: Client) => json(await c.request(`/api/quizzes/${QUIZ}/submit`, { json: { answers: {} } }), 201);

beforeAll(async () => {
  server = await startCourseServer();
  await run(process.execPath, ['scripts/instructor-add.mjs', '--admin', '--email', 'root@example.com', '--name', 'Root', '--password', 'instructor-password'], {
    env: { ...process.env, ...server.storeEnv },
  });
  admin = createClient(server.url);
  expect((await admin.signIn('root@example.com', 'instructor-password')).status).toBe(200);
}, 120_000);
afterAll(async () => server?.stop());

test("one class's regrade adjustment does not change another class's grades, now or for later attempts", async () => {
  const a = await classWithLearner('Adjusted Class');
  const b = await classWithLearner('Untouched Class');
  await submitBlank(a.learner);
  await submitBlank(b.learner);
  expect([await score(a.learner), await score(b.learner)]).toEqual([0, 0]);

  const adjust = { quizId: QUIZ, adjust: 'full-credit', question: 'lazy-get' };
  const preview = await json<{ learners: { name: string }[] }>(await admin.request(`/api/instructor/regrade?class=${a.classId}&${new URLSearchParams(adjust)}`));
  expect(preview.learners.map((l) => l.name)).toEqual(['Adjusted Class']);
  await json(await admin.request('/api/instructor/regrade', { json: { ...adjust, classId: a.classId, confirm: true } }));
  expect([await score(a.learner), await score(b.learner)]).toEqual([1, 0]);

  // Later attempts: class A's keep the adjustment, class B's are graded without it.
  await submitBlank(a.learner);
  await submitBlank(b.learner);
  expect([await score(a.learner), await score(b.learner)]).toEqual([1, 0]);

  // Class B's regrade neither applies nor undoes class A's adjustment, and class B has nothing stale.
  const bPreview = await json<{ answersChanged: number }>(await admin.request(`/api/instructor/regrade?class=${b.classId}&quizId=${QUIZ}`));
  expect(bPreview.answersChanged).toBe(0);
  await json(await admin.request('/api/instructor/regrade', { json: { quizId: QUIZ, classId: b.classId, confirm: true } }));
  expect([await score(a.learner), await score(b.learner)]).toEqual([1, 0]);
  const stats = await (await admin.request(`/instructor/stats/?class=${b.classId}&quiz=${QUIZ}`)).text();
  expect(stats).not.toContain('full credit for question 1');
  const statsA = await (await admin.request(`/instructor/stats/?class=${a.classId}&quiz=${QUIZ}`)).text();
  expect(statsA).toContain('full credit for question 1');
});
