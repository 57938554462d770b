import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { createClient, type Client } from '../../support/http-client';

/**
 * Issue 19: a class's per-quiz overrides (dates, attempts, review) replace the quiz file's for its learners only;
 * extensions still apply on top. The quiz `dispatch-worker` allows 3 attempts and shows correctness after the last.
 */
const run = promisify(execFile);
const QUIZ = 'dispatch-worker';
const PAST = '2020-01-01T00:00:00Z';
const FUTURE = '2099-01-01T00:00:00Z';
let server: CourseServer;
let admin: Client;

interface State { attemptsAllowed: number | null; attemptsRemaining: number | null; closesAt: string | null; isOpen: boolean; policy: { allowed: number | 'unlimited' }; review: Record<string, boolean>; shownWhen: { marks: string | null; correctness: string | null } }
interface Attempt { score: number | null; answers: { key?: { options?: { correct?: boolean }[] } }[] }

async function json<T>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

/** A class with these per-quiz settings for QUIZ, and a fresh learner in it. */
async function classWith(name: string, override: Record<string, unknown>): Promise<{ learner: Client; id: number; classId: number }> {
  const { class: c } = await json<{ class: { id: number; joinCode: string } }>(await admin.request('/api/classes', { json: { name } }));
  await json(await admin.request('/api/classes/settings', { json: { classId: c.id, perQuiz: { [QUIZ]: override } } }));
  const learner = createClient(server.url);
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@example.com`;
  expect((await learner.signUp(email, 'learner-password', name)).status).toBe(201);
  expect((await learner.request('/api/classes/join', { json: { code: c.joinCode } })).status).toBe(200);
  const me = await json<{ user: { id: number } }>(await learner.request('/api/auth/me'));
  return { learner, id: me.user.id, classId: c.id };
}

const submit = (c: Client) => c.request(`/api/quizzes/${QUIZ}/submit`, { json: { answers: {} } });
const state = async (c: Client) => json<State>(await c.request(`/api/quizzes/${QUIZ}`));

beforeAll(async () => {
  server = await startCourseServer();
  await run(process.execPath, ['scripts/instructor-add.mjs', '--admin', '--email', 'root@example.com', '--name', 'Root', '--password', 'instructor-password'], {
    env: { ...process.env, ...server.storeEnv },
  });
  admin = createClient(server.url);
  expect((await admin.signIn('root@example.com', 'instructor-password')).status).toBe(200);
}, 120_000);
afterAll(async () => server?.stop());

describe('class settings apply to quizzes', () => {
  test('a class that closed the quiz refuses its learner; another class still submits; an extension reopens it', async () => {
    const early = await classWith('Early Close', { closesAt: PAST });
    const other = await classWith('Other Class', {});
    const refused = await early.learner.request(`/api/quizzes/${QUIZ}/submit`, { json: { answers: {} } });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/This quiz is closed\. For you it closed 2020-01-01 00:00 UTC \(your class's dates/);
    const s = await state(early.learner);
    expect(s.isOpen).toBe(false);
    expect(s.closesAt).toBe(PAST);
    expect((await submit(other.learner)).status).toBe(201);
    // The extension is granted in the learner's class and extends past the class's close.
    await json(await admin.request('/api/instructor/extension', { json: { userId: early.id, quizId: QUIZ, classId: early.classId, extraAttempts: 0, extraMinutes: 0, closeAt: FUTURE } }));
    expect((await submit(early.learner)).status).toBe(201);
  });

  test('a class allows more attempts than the quiz file', async () => {
    const more = await classWith('More Attempts', { attempts: 5 });
    const s = await state(more.learner);
    expect([s.attemptsAllowed, s.policy.allowed]).toEqual([5, 5]);
    for (let i = 0; i < 5; i++) expect((await submit(more.learner)).status).toBe(201);
    expect((await submit(more.learner)).status).toBe(409);
    // /api/grades (the /grades/ page) counts the same attempts.
    const grades = await json<{ rows: { quizId: string; attempts: number }[] }>(await more.learner.request('/api/grades'));
    expect(grades.rows.find((r) => r.quizId === QUIZ)?.attempts).toBe(5);
  });

  test("a class's review option hides or shows the marks and the key", async () => {
    const hidden = await classWith('Review Never', { review: 'never' });
    const a = (await json<{ attempt: Attempt }>(await submit(hidden.learner), 201)).attempt;
    expect(a.score).toBeNull();
    expect(a.answers.every((x) => !x.key?.options)).toBe(true);
    const s = await state(hidden.learner);
    expect(s.review.marks).toBe(false);
    expect(s.shownWhen.marks).toMatch(/never on this site/);
    const grades = await json<{ rows: { quizId: string; score: number | null; shownWhen: string | null }[] }>(await hidden.learner.request('/api/grades'));
    const row = grades.rows.find((r) => r.quizId === QUIZ)!;
    expect(row.score).toBeNull();
    expect(row.shownWhen).toMatch(/never on this site/);

    // One attempt in this class: it is the last, so the key (correctness, after the last attempt) shows at once.
    const shown = await classWith('One Attempt', { attempts: 1 });
    const b = (await json<{ attempt: Attempt }>(await submit(shown.learner), 201)).attempt;
    expect(b.score).not.toBeNull();
    expect(b.answers.some((x) => x.key?.options?.some((o) => o.correct === true))).toBe(true);
  });

  test('per-quiz settings must name a real quiz and valid values', async () => {
    const { class: c } = await json<{ class: { id: number } }>(await admin.request('/api/classes', { json: { name: 'Checked' } }));
    const unknown = await admin.request('/api/classes/settings', { json: { classId: c.id, perQuiz: { 'no-such-quiz': { attempts: 2 } } } });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('no-such-quiz');
    expect((await admin.request('/api/classes/settings', { json: { classId: c.id, perQuiz: { [QUIZ]: { attempts: 0 } } } })).status).toBe(400);
    expect((await admin.request('/api/classes/settings', { json: { classId: c.id, perQuiz: { [QUIZ]: { closesAt: 'tomorrow' } } } })).status).toBe(400);
  });

  test("the classes page sets one quiz's override by form, and clears it", async () => {
    const c = await classWith('Form Class', {});
    const form = { classId: String(c.classId), quiz: QUIZ, quizOpensAt: '', quizClosesAt: '2020-06-01T12:00', quizAttempts: '2', quizReview: 'never' };
    const saved = await admin.request('/api/classes/settings', { form });
    expect(saved.status).toBe(303);
    const page = await (await admin.request(`/instructor/classes/?class=${c.classId}`)).text();
    expect(page).toContain('closes 2020-06-01T12:00 UTC; 2 attempts; review never');
    expect((await c.learner.request(`/api/quizzes/${QUIZ}/submit`, { json: { answers: {} } })).status).toBe(409);
    await admin.request('/api/classes/settings', { form: { ...form, quizClosesAt: '', quizAttempts: '', quizReview: 'course' } });
    expect((await c.learner.request(`/api/quizzes/${QUIZ}/submit`, { json: { answers: {} } })).status).toBe(201);
  });

  test('a learner in two classes gets the more permissive one', async () => {
    const closed = await classWith('Closed Twin', { closesAt: PAST, attempts: 1 });
    const { class: open } = await json<{ class: { id: number; joinCode: string } }>(await admin.request('/api/classes', { json: { name: 'Open Twin' } }));
    await json(await admin.request('/api/classes/settings', { json: { classId: open.id, perQuiz: { [QUIZ]: { attempts: 4 } } } }));
    expect((await closed.learner.request('/api/classes/join', { json: { code: open.joinCode } })).status).toBe(200);
    const s = await state(closed.learner);
    expect([s.isOpen, s.attemptsAllowed]).toEqual([true, 4]);
  });
});
