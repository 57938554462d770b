import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { createClient, type Client } from '../../support/http-client';
import { publicAnswers } from '../../support/quiz-ids';

const run = promisify(execFile);
let server: CourseServer;
let ada: Client;
let bob: Client;
let grace: Client;
let anon: Client;
let adaAttemptId: number;

// Right answers to the isolation quiz's auto-graded questions (src/content/quizzes/isolation.yaml).
// Sent as learners send them: by option position (see tests/support/quiz-ids.ts).
const answers = publicAnswers('isolation', { untrusted: ['a', 'b'], 'shared-d1': 'a', 'trusted-mode': 'a', 'shared-env': 'Leaks <script>alert(1)</script> the admin D1.' });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  server = await startCourseServer();
  await run(process.execPath, ['scripts/instructor-add.mjs', '--email', 'grace@example.com', '--name', 'Grace', '--password', 'instructor-password'], {
    env: { ...process.env, ...server.storeEnv },
  });
  anon = createClient(server.url);
  ada = createClient(server.url);
  bob = createClient(server.url);
  grace = createClient(server.url);
  expect((await ada.signUp('ada@example.com')).status).toBe(201);
  expect((await bob.signUp('bob@example.com')).status).toBe(201);
  expect((await grace.signIn('grace@example.com', 'instructor-password')).status).toBe(200);
  const res = await ada.request('/api/quizzes/isolation/submit', { json: { answers } });
  expect(res.status).toBe(201);
  adaAttemptId = ((await res.json()) as { attempt: { id: number } }).attempt.id;
});
afterAll(async () => {
  await server?.stop();
});

describe('accounts and sessions', () => {
  test('the session cookie is HttpOnly, SameSite=Lax, site-wide, and not Secure on plain http', async () => {
    const c = createClient(server.url);
    const res = await c.signUp('cookie@example.com');
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('course_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    expect(await res.json()).toMatchObject({ user: { email: 'cookie@example.com', role: 'learner' } });
  });

  test('sign-up refuses bad input and duplicate emails with clear messages', async () => {
    const res = await anon.request('/api/auth/sign-up', { json: { email: 'not-an-email', name: '', password: 'short' } });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.message).toContain('email: enter a valid email address');
    expect(error.message).toContain('password: use at least 10 characters');
    const dup = await createClient(server.url).signUp('ADA@example.com');
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).message).toBe('An account with this email already exists.');
    const notJson = await anon.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
  });

  test('sign-out deletes the session: the old cookie no longer works', async () => {
    const c = createClient(server.url);
    await c.signUp('leaving@example.com');
    const oldCookie = c.cookie;
    expect((await c.request('/api/auth/sign-out', { method: 'POST' })).status).toBe(200);
    const replay = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: oldCookie! } });
    expect(await replay.json()).toEqual({ user: null, csrfToken: null });
  });

  test('sign-in is throttled per account and address with a clear 429', async () => {
    const c = createClient(server.url);
    await c.signUp('target@example.com', 'right-password-1');
    const attacker = createClient(server.url);
    // Five free failures, then each further one from this address makes it wait (30 s, then longer).
    for (let i = 0; i < 6; i++) expect((await attacker.signIn('target@example.com', `wrong-${i}-password`)).status).toBe(401);
    const blocked = await attacker.signIn('target@example.com', 'right-password-1');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(blocked)).message).toMatch(/^Too many failed sign-ins for this account from your network\. Try again in \d+ (seconds|minutes)\.$/);
  });
});

describe('CSRF and origin checks', () => {
  test('a signed-in state-changing request without the CSRF token is refused', async () => {
    const res = await ada.request('/api/quizzes/isolation/draft', { method: 'PUT', json: { answers: {} }, csrf: false });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toContain('CSRF');
  });

  test('a wrong token, or another session\'s token, is refused', async () => {
    const wrong = await ada.request('/api/progress/lessons', { json: { lesson: 'a/b', complete: true }, headers: { 'x-csrf-token': bob.csrf! }, csrf: false });
    expect(wrong.status).toBe(403);
  });

  test('a cross-site Origin is refused even with a valid token, including sign-in', async () => {
    const res = await ada.request('/api/progress/lessons', { json: { lesson: 'a/b', complete: true }, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    const login = await anon.request('/api/auth/sign-in', { json: { email: 'ada@example.com', password: 'learner-password' }, headers: { origin: 'https://evil.example' } });
    expect(login.status).toBe(403);
  });

  test('forms carry the token in a hidden field', async () => {
    const form = { attemptId: String(adaAttemptId), questionId: 'shared-env', rubric: 'leak', comment: 'x', redirect: '/instructor/grading/' };
    expect((await grace.request('/api/instructor/grades', { form, csrf: false })).status).toBe(403);
    const ok = await grace.request('/api/instructor/grades', { form: { ...form, _csrf: grace.csrf! }, csrf: false });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/instructor/grading/');
  });
});

describe('authorization on every route', () => {
  const learnerRoutes: [string, string, unknown?][] = [
    ['GET', '/api/quizzes/isolation'],
    ['PUT', '/api/quizzes/isolation/draft', { answers: {} }],
    ['POST', '/api/quizzes/isolation/submit', { answers: {} }],
  ];
  const instructorApi: [string, string, unknown?][] = [
    ['GET', '/api/instructor/gradebook.csv'],
    ['POST', '/api/instructor/grades', { attemptId: 1, questionId: 'shared-env', rubric: [] }],
    ['POST', '/api/instructor/role', { userId: 1, role: 'instructor' }],
    ['POST', '/api/instructor/regrade', { quizId: 'isolation' }],
    ['POST', '/api/instructor/invite', { email: 'x@example.com', role: 'instructor' }],
  ];
  const instructorPages = ['/instructor/', '/instructor/grading/', '/instructor/stats/', '/instructor/gradebook/'];

  test.each(learnerRoutes)('anonymous %s %s → 401', async (method, path, json) => {
    const res = await anon.request(path, { method, json });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('unauthenticated');
  });

  test.each(instructorApi)('%s %s: anonymous 401, learner 403', async (method, path, json) => {
    expect((await anon.request(path, { method, json })).status).toBe(401);
    const res = await ada.request(path, { method, json });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toBe('Only instructors can do this.');
  });

  test.each(instructorPages)('page %s: anonymous → sign-in, learner 403, instructor 200', async (path) => {
    const a = await anon.request(path);
    expect(a.status).toBe(302);
    expect(a.headers.get('location')).toBe(`/sign-in/?next=${encodeURIComponent(path)}`);
    const l = await ada.request(path);
    expect(l.status).toBe(403);
    expect(await l.text()).toContain('This page is for instructors');
    expect((await grace.request(path)).status).toBe(200);
  });

  test('a learner reads only their own attempts', async () => {
    const mine = (await (await ada.request('/api/quizzes/isolation')).json()) as { attempts: { id: number }[] };
    expect(mine.attempts.map((a) => a.id)).toEqual([adaAttemptId]);
    const theirs = (await (await bob.request('/api/quizzes/isolation')).json()) as { attempts: unknown[] };
    expect(theirs.attempts).toEqual([]);
  });

  test('answer keys stay hidden until graded', async () => {
    const c = createClient(server.url);
    await c.signUp('keys@example.com');
    const res = await c.request('/api/quizzes/isolation/submit', { json: { answers: { 'shared-env': 'some text' } } });
    const body = JSON.stringify(await res.json());
    expect(body).toContain('"status":"pending"');
    expect(body).not.toContain('Names what leaks'); // rubric text
    expect(body).not.toContain('The dispatcher\'s'); // the text question's explanation
    const page = await (await fetch(`${server.url}/quizzes/isolation/`)).text();
    for (const secret of ['"correct"', 'Names what leaks', 'Right: each user Worker', 'trusted_workers']) expect(page).not.toContain(secret);
  });
});

describe('instructor actions and bad input', () => {
  test('grading: the rubric sums to the score and the learner sees it; learner text is escaped in the grading view', async () => {
    const res = await grace.request('/api/instructor/grades', {
      json: { attemptId: adaAttemptId, questionId: 'shared-env', rubric: ['leak', 'isolation', 'fix'], comment: 'Good.' },
    });
    expect(res.status).toBe(200);
    const state = (await (await ada.request('/api/quizzes/isolation')).json()) as { attempts: { score: number; answers: { questionId: string; score: number }[] }[] };
    expect(state.attempts[0]!.score).toBe(7);
    const html = await (await grace.request(`/instructor/grading/?quiz=isolation&question=shared-env&attempt=${adaAttemptId}`)).text();
    expect(html).toContain('Leaks &lt;script&gt;alert(1)&lt;/script&gt; the admin D1.');
    expect(html).not.toContain('<script>alert(1)</script>');
    const anonymous = await (await grace.request(`/instructor/grading/?quiz=isolation&question=shared-env&attempt=${adaAttemptId}&anon=1`)).text();
    expect(anonymous).not.toContain('ada@example.com');
    expect(anonymous).not.toMatch(/>ada</);
  });

  test('grading refuses unknown rubric items and non-text questions with 4xx JSON', async () => {
    const bad = await grace.request('/api/instructor/grades', { json: { attemptId: adaAttemptId, questionId: 'shared-env', rubric: ['bogus'] } });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toContain('bogus');
    const wrongType = await grace.request('/api/instructor/grades', { json: { attemptId: adaAttemptId, questionId: 'shared-d1', rubric: [] } });
    expect(wrongType.status).toBe(400);
    const missing = await grace.request('/api/instructor/grades', { json: { attemptId: 99999, questionId: 'shared-env', rubric: [] } });
    expect(missing.status).toBe(404);
  });

  test('bad quiz input gets a clear 4xx and the draft is kept', async () => {
    await ada.request('/api/quizzes/isolation/draft', { method: 'PUT', json: { answers: { 'shared-env': 'keep me' } } });
    const bad = await ada.request('/api/quizzes/isolation/submit', { json: { answers: { 'shared-d1': 'zzz' } } });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toBe('Question "shared-d1" expects one of its option ids.');
    const state = (await (await ada.request('/api/quizzes/isolation')).json()) as { draft: { answers: Record<string, unknown> } };
    expect(state.draft.answers).toEqual({ 'shared-env': 'keep me' });
    expect((await ada.request('/api/quizzes/nope')).status).toBe(404);
    expect((await ada.request('/api/quizzes/isolation/submit', { json: { nope: 1 } })).status).toBe(400);
  });

  test('the attempts policy is enforced over HTTP with 409', async () => {
    const c = createClient(server.url);
    await c.signUp('policy@example.com');
    for (let i = 0; i < 2; i++) expect((await c.request('/api/quizzes/isolation/submit', { json: { answers: {} } })).status).toBe(201);
    const fourth = await c.request('/api/quizzes/isolation/submit', { json: { answers: {} } });
    expect(fourth.status).toBe(409);
    expect((await errorOf(fourth)).message).toBe('You have used all 2 attempts at this quiz.');
  });

  test('lesson progress without an account is kept for this browser only', async () => {
    const one = createClient(server.url);
    const two = createClient(server.url);
    const res = await one.request('/api/progress/lessons', { json: { lesson: 'isolation/isolation-and-security', complete: true } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kept: 'browser', completed: [{ lesson: 'isolation/isolation-and-security' }] });
    expect(await (await two.request('/api/progress/lessons')).json()).toEqual({ completed: [], kept: 'browser' });
    expect((await one.request('/api/progress/lessons', { json: { lesson: '../etc', complete: true } })).status).toBe(400);
  });

  test('lesson progress is saved per learner', async () => {
    const res = await bob.request('/api/progress/lessons', { json: { lesson: 'isolation/isolation-and-security', complete: true } });
    expect(await res.json()).toMatchObject({ completed: [{ lesson: 'isolation/isolation-and-security' }] });
    expect(await (await ada.request('/api/progress/lessons')).json()).toEqual({ completed: [], kept: 'account' });
    expect((await bob.request('/api/progress/lessons', { json: { lesson: '../etc', complete: true } })).status).toBe(400);
  });

  test('gradebook CSV holds the score and neutralises formula-like names', async () => {
    const evil = createClient(server.url);
    await evil.signUp('evil@example.com', 'learner-password', '=HYPERLINK("http://x","y")');
    const res = await grace.request('/api/instructor/gradebook.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await res.text();
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').split('\r\n').map((l) => l.split(','));
    const ada = rows.find((cells) => cells.includes('ada@example.com'))!;
    const cell = (name: string) => ada[header!.indexOf(name)];
    expect([cell('Name'), cell('Lessons completed'), cell('isolation (of 12)'), cell('Awaiting grading'), cell('Labs passed')]).toEqual(['ada', '0', '7', '', '0']);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")",evil@example.com`);
  });

  test('an invitation link signs up its email with the invited role, once', async () => {
    const res = await grace.request('/api/instructor/invite', { json: { email: 'new-teacher@example.com', role: 'instructor' } });
    expect(res.status).toBe(200);
    const { link } = (await res.json()) as { link: string };
    const token = new URL(link).searchParams.get('invite')!;
    expect(link).toBe(`${server.url}/sign-up/?invite=${encodeURIComponent(token)}`);

    const other = createClient(server.url);
    const wrongEmail = await other.request('/api/auth/sign-up', { json: { email: 'someone@example.com', name: 'S', password: 'learner-password', invite: token } });
    expect(wrongEmail.status).toBe(400);
    expect((await errorOf(wrongEmail)).message).toBe('This invitation is for new-teacher@example.com; sign up with that email.');

    const teacher = createClient(server.url);
    const ok = await teacher.request('/api/auth/sign-up', { json: { email: 'new-teacher@example.com', name: 'T', password: 'teacher-password', invite: token } });
    expect(await ok.json()).toMatchObject({ user: { role: 'instructor' } });
    const reuse = await createClient(server.url).request('/api/auth/sign-up', { json: { email: 'new-teacher@example.com', name: 'T', password: 'teacher-password', invite: token } });
    expect(reuse.status).toBe(400);
    expect((await errorOf(reuse)).message).toContain('not valid any more');
    const existing = await grace.request('/api/instructor/invite', { json: { email: 'ada@example.com' } });
    expect(existing.status).toBe(409);
  });

  test('instructors can promote a learner; nobody can demote themselves', async () => {
    const c = createClient(server.url);
    const res = await c.signUp('promote@example.com');
    const { user } = (await res.json()) as { user: { id: number } };
    expect((await c.request('/instructor/')).status).toBe(403);
    // Promotion needs an explicit confirmation.
    expect((await grace.request('/api/instructor/role', { json: { userId: user.id, role: 'instructor' } })).status).toBe(409);
    expect((await grace.request('/api/instructor/role', { json: { userId: user.id, role: 'instructor', confirm: true } })).status).toBe(200);
    expect((await c.request('/instructor/')).status).toBe(200);
    const self = (await (await grace.request('/api/auth/me')).json()) as { user: { id: number } };
    const demote = await grace.request('/api/instructor/role', { json: { userId: self.user.id, role: 'learner' } });
    expect(demote.status).toBe(400);
  });
});
