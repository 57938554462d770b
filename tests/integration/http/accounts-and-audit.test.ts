import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { createClient, type Client } from '../../support/http-client';

const run = promisify(execFile);
let server: CourseServer;
let grace: Client;

beforeAll(async () => {
  server = await startCourseServer();
  await run(process.execPath, ['scripts/instructor-add.mjs', '--email', 'grace-acc@example.com', '--name', 'Grace', '--password', 'instructor-password'], {
    env: { ...process.env, ...server.storeEnv },
  });
  grace = createClient(server.url);
  expect((await grace.signIn('grace-acc@example.com', 'instructor-password')).status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
});

const me = async (cookie: string | null) => ((await (await fetch(`${server.url}/api/auth/me`, { headers: cookie ? { cookie } : {} })).json()) as { user: unknown }).user;

test('a password change needs the current password and ends the other sessions', async () => {
  const one = createClient(server.url);
  await one.signUp('changer@example.com', 'first-password-1');
  const two = createClient(server.url);
  await two.signIn('changer@example.com', 'first-password-1');
  expect((await one.request('/api/auth/password', { json: { current: 'wrong-password', password: 'second-password-2' } })).status).toBe(400);
  const res = await one.request('/api/auth/password', { json: { current: 'first-password-1', password: 'second-password-2' } });
  expect(res.status).toBe(200);
  expect(await me(two.cookie)).toBeNull();
  expect(await me(one.cookie)).not.toBeNull(); // this browser got a fresh session
  expect((await createClient(server.url).signIn('changer@example.com', 'second-password-2')).status).toBe(200);
});

test('an instructor issues a reset link; it works once and ends every session', async () => {
  const learner = createClient(server.url);
  const { user } = (await (await learner.signUp('forgetful@example.com', 'forgotten-password')).json()) as { user: { id: number } };
  expect((await learner.request('/api/instructor/reset-link', { json: { userId: user.id } })).status).toBe(403);
  const issued = await grace.request('/api/instructor/reset-link', { json: { userId: user.id } });
  expect(issued.status).toBe(200);
  const token = new URL(((await issued.json()) as { link: string }).link).searchParams.get('token')!;
  const anon = createClient(server.url);
  expect((await anon.request('/api/auth/reset', { json: { token, password: 'remembered-password' } })).status).toBe(200);
  expect((await anon.request('/api/auth/reset', { json: { token, password: 'another-password' } })).status).toBe(400);
  expect(await me(learner.cookie)).toBeNull();
  expect((await createClient(server.url).signIn('forgetful@example.com', 'remembered-password')).status).toBe(200);
});

test('promotion asks for confirmation, a regrade shows a dry run first, and both reach the audit log', async () => {
  const target = createClient(server.url);
  const { user } = (await (await target.signUp('promoted@example.com')).json()) as { user: { id: number } };
  // A form post without confirmation lands on the confirmation page; nothing changed yet.
  const form = await grace.request('/api/instructor/role', { form: { userId: String(user.id), role: 'instructor', _csrf: grace.csrf! } });
  expect(form.status).toBe(303);
  expect(form.headers.get('location')).toBe(`/instructor/confirm-role/?user=${user.id}`);
  const page = await (await grace.request(`/instructor/confirm-role/?user=${user.id}`)).text();
  expect(page).toContain('promoted@example.com');
  expect((await grace.request('/api/instructor/role', { json: { userId: user.id, role: 'instructor', confirm: true } })).status).toBe(200);

  const dry = await grace.request('/api/instructor/regrade?quizId=isolation');
  expect(dry.status).toBe(200);
  expect(await dry.json()).toMatchObject({ quizId: 'isolation', learners: [] });
  const blind = await grace.request('/api/instructor/regrade', { form: { quizId: 'isolation', _csrf: grace.csrf! } });
  expect(blind.headers.get('location')).toBe('/instructor/regrade/?quiz=isolation');
  expect((await grace.request('/api/instructor/regrade', { json: { quizId: 'isolation', confirm: true } })).status).toBe(200);

  const audit = await (await grace.request('/instructor/audit/')).text();
  expect(audit).toContain('promoted@example.com');
  expect(audit).toContain('learner → instructor');
  expect(audit).toContain('Regraded Check your understanding: isolation and security');
  expect(audit).toContain('password reset link');
});
