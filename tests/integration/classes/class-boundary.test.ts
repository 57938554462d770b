import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { createClient, type Client } from '../../support/http-client';

/**
 * Issue 19, the class boundary: Ann teaches class A, Bob teaches class B. Every instructor page, export and action,
 * asked by Ann about class B or about Leo (a learner of class B only), answers 403 or 404 and never shows Leo's data.
 */
const run = promisify(execFile);
let server: CourseServer;
let admin: Client, ann: Client, bob: Client, lia: Client, leo: Client;
let classA: number, classB: number;
let leoId: number, liaId: number, leoAttempt: number;
let bobAnnouncement: string;
const LEO = 'Leo Boundary';
const LEO_ANSWER = 'LEO-PRIVATE-ANSWER-7731';

async function json<T>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

/** An instructor invited into a class by the admin signs up with the link. */
async function invitedInstructor(email: string, classId: number): Promise<Client> {
  const { link } = await json<{ link: string }>(await admin.request(`/api/instructor/invite?class=${classId}`, { json: { email, role: 'instructor', classId } }));
  const token = new URL(link).searchParams.get('invite')!;
  const c = createClient(server.url);
  const res = await c.request('/api/auth/sign-up', { json: { email, password: 'instructor-password', name: email.split('@')[0], invite: token } });
  expect(res.status).toBe(201);
  c.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  return c;
}

async function learnerIn(email: string, name: string, code: string): Promise<{ client: Client; id: number }> {
  const c = createClient(server.url);
  expect((await c.signUp(email, 'learner-password', name)).status).toBe(201);
  expect((await c.request('/api/classes/join', { json: { code } })).status).toBe(200);
  const me = await json<{ user: { id: number } }>(await c.request('/api/auth/me'));
  return { client: c, id: me.user.id };
}

beforeAll(async () => {
  server = await startCourseServer();
  await run(process.execPath, ['scripts/instructor-add.mjs', '--admin', '--email', 'root@example.com', '--name', 'Root', '--password', 'instructor-password'], {
    env: { ...process.env, ...server.storeEnv },
  });
  admin = createClient(server.url);
  expect((await admin.signIn('root@example.com', 'instructor-password')).status).toBe(200);
  const a = await json<{ class: { id: number; joinCode: string } }>(await admin.request('/api/classes', { json: { name: 'Class A' } }));
  const b = await json<{ class: { id: number; joinCode: string } }>(await admin.request('/api/classes', { json: { name: 'Class B' } }));
  [classA, classB] = [a.class.id, b.class.id];
  ann = await invitedInstructor('ann@example.com', classA);
  bob = await invitedInstructor('bob@example.com', classB);
  const l1 = await learnerIn('lia@example.com', 'Lia Inside', a.class.joinCode);
  const l2 = await learnerIn('leo@example.com', LEO, b.class.joinCode);
  [lia, leo, liaId, leoId] = [l1.client, l2.client, l1.id, l2.id];
  for (const [c, text] of [[lia, 'lia answer'], [leo, LEO_ANSWER]] as const) {
    const res = await c.request('/api/quizzes/isolation/submit', { json: { answers: { 'shared-env': text } } });
    expect(res.status).toBe(201);
    if (c === leo) leoAttempt = ((await res.json()) as { attempt: { id: number } }).attempt.id;
  }
  const announced = await bob.request('/api/instructor/announcements', { json: { labId: 'first-dispatch', learners: 3, startsAt: new Date(Date.now() + 3_600_000).toISOString(), note: `${LEO} and friends` } });
  bobAnnouncement = (await json<{ announcement: { id: string } }>(announced, 201)).announcement.id;
});
afterAll(async () => {
  await server?.stop();
});

const leaks = (text: string) => text.includes(LEO) || text.includes('leo@example.com') || text.includes(LEO_ANSWER);

/** Every instructor page and route, as Ann sends it about class B or Leo. */
const pages: Record<string, () => string[]> = {
  'instructor/index.astro': () => [`/instructor/?class=${classB}`],
  'instructor/gradebook/index.astro': () => [`/instructor/gradebook/?class=${classB}`],
  'instructor/grading/index.astro': () => [`/instructor/grading/?class=${classB}`, `/instructor/grading/?class=${classB}&quiz=isolation&question=shared-env`],
  'instructor/stats/index.astro': () => [`/instructor/stats/?class=${classB}&quiz=isolation`],
  'instructor/regrade/index.astro': () => [`/instructor/regrade/?class=${classB}&quiz=isolation`],
  'instructor/lab-pass/index.astro': () => [`/instructor/lab-pass/?user=${leoId}&lab=first-dispatch`, `/instructor/lab-pass/?class=${classB}&user=${leoId}&lab=first-dispatch`],
  'instructor/confirm-role/index.astro': () => [`/instructor/confirm-role/?user=${leoId}`],
  'instructor/classes/index.astro': () => [`/instructor/classes/?class=${classB}`],
  'instructor/lti/index.astro': () => ['/instructor/lti/'],
  'instructor/audit/index.astro': () => [`/instructor/audit/?class=${classB}`],
};
/** `listing`: a list of one's own things, 200 without class B's (the others are 403/404). */
const actions: Record<string, () => { path: string; method?: string; json?: unknown; listing?: boolean }[]> = {
  'api/instructor/gradebook.csv.ts': () => [{ path: `/api/instructor/gradebook.csv?class=${classB}` }],
  'api/instructor/extension.ts': () => [{ path: '/api/instructor/extension', json: { userId: leoId, quizId: 'isolation', extraAttempts: 3 } }],
  'api/instructor/grades.ts': () => [{ path: '/api/instructor/grades', json: { attemptId: leoAttempt, questionId: 'shared-env', rubric: [], comment: 'x' } }],
  'api/instructor/invite.ts': () => [{ path: `/api/instructor/invite?class=${classB}`, json: { email: 'sneak@example.com', role: 'instructor', classId: classB } }],
  'api/instructor/regrade.ts': () => [
    { path: `/api/instructor/regrade?quizId=isolation&class=${classB}` },
    { path: '/api/instructor/regrade', json: { quizId: 'isolation', confirm: true, classId: classB } },
  ],
  'api/instructor/reset-link.ts': () => [{ path: '/api/instructor/reset-link', json: { userId: leoId } }],
  'api/instructor/role.ts': () => [{ path: '/api/instructor/role', json: { userId: leoId, role: 'instructor', confirm: true } }],
  'api/classes/settings.ts': () => [{ path: '/api/classes/settings', json: { classId: classB, name: 'Taken over' } }],
  'api/classes/members.ts': () => [
    { path: '/api/classes/members', json: { classId: classB, email: 'ann@example.com', role: 'instructor' } },
    { path: '/api/classes/members', method: 'DELETE', json: { classId: classB, userId: leoId } },
  ],
  'api/lti/platforms.ts': () => [{ path: '/api/lti/platforms', json: { action: 'rotate-key' } }],
  'api/lti/roster.ts': () => [{ path: '/api/lti/roster', json: { context: 1 } }],
  'api/lti/scores.ts': () => [{ path: '/api/lti/scores', json: { post: 1 } }],
  'api/instructor/announcements/index.ts': () => [{ path: '/api/instructor/announcements', listing: true }],
  'api/instructor/announcements/[id].ts': () => [{ path: `/api/instructor/announcements/${bobAnnouncement}` }, { path: `/api/instructor/announcements/${bobAnnouncement}`, method: 'DELETE' }],
  'api/instructor/announcements/[id]/cancel.ts': () => [{ path: `/api/instructor/announcements/${bobAnnouncement}/cancel`, json: {} }],
  'api/admin/site.ts': () => [{ path: '/api/admin/site', json: { classCreation: 'instructors' } }],
  'api/admin/admins.ts': () => [{ path: '/api/admin/admins', json: { email: 'ann@example.com', admin: true } }],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

describe('an instructor of class A and class B’s learners', () => {
  test('the walk covers every instructor page and every instructor, class, admin and LMS route in the source', () => {
    const routes = [
      ...files('src/pages/instructor'),
      ...files('src/pages/api/instructor'),
      ...files('src/pages/api/classes').filter((f) => !f.endsWith('join.ts') && !f.endsWith('index.ts')),
      ...files('src/pages/api/admin'),
      ...files('src/pages/api/lti').filter((f) => !f.endsWith('deep-link.ts')),
    ].map((f) => relative('src/pages', f));
    expect(routes.filter((r) => !(r in pages) && !(r in actions))).toEqual([]);
  });

  test('Ann sees her own learner (the walk below can fail)', async () => {
    const book = await ann.request(`/api/instructor/gradebook.csv?class=${classA}`);
    expect(book.status).toBe(200);
    const csv = await book.text();
    expect(csv).toContain('Lia Inside');
    expect(leaks(csv)).toBe(false);
    for (const path of ['/instructor/', '/instructor/gradebook/', '/instructor/grading/?quiz=isolation&question=shared-env', '/instructor/stats/?quiz=isolation', '/instructor/classes/', '/instructor/audit/']) {
      const res = await ann.request(path);
      expect(res.status, path).toBe(200);
      expect(leaks(await res.text()), path).toBe(false);
    }
    expect((await ann.request(`/instructor/confirm-role/?user=${liaId}`)).status).toBe(200);
  });

  test('every page about class B or Leo is 403 or 404, and none shows Leo', async () => {
    for (const [file, paths] of Object.entries(pages)) {
      for (const path of paths()) {
        const res = await ann.request(path);
        expect([403, 404], `${file}: ${path}`).toContain(res.status);
        expect(leaks(await res.text()), path).toBe(false);
      }
    }
  });

  test('every action and export about class B or Leo is 403 or 404, and changes nothing', async () => {
    for (const [file, calls] of Object.entries(actions)) {
      for (const call of calls()) {
        const res = await ann.request(call.path, { method: call.method, json: call.json });
        expect(call.listing ? [200] : [403, 404], `${file}: ${call.method ?? (call.json ? 'POST' : 'GET')} ${call.path} → ${res.status}`).toContain(res.status);
        const body = await res.text();
        expect(leaks(body) || body.includes(bobAnnouncement), call.path).toBe(false);
      }
    }
    // Bob still sees Leo's answer ungraded and his class unchanged.
    const desk = await bob.request('/instructor/grading/?quiz=isolation&question=shared-env');
    expect(await desk.text()).toContain(LEO_ANSWER);
    const classes = await json<{ classes: { id: number; name: string }[] }>(await bob.request('/api/classes'));
    expect(classes.classes.find((c) => c.id === classB)?.name).toBe('Class B');
    expect((await json<{ user: { role: string } }>(await leo.request('/api/auth/me'))).user.role).toBe('learner');
  });

  test('a learner is refused every instructor page (403), and the admin needs to teach a class to see it', async () => {
    for (const path of ['/instructor/', '/instructor/gradebook/', '/api/instructor/gradebook.csv']) expect((await lia.request(path)).status, path).toBe(403);
    expect((await admin.request(`/instructor/gradebook/?class=${classB}`)).status).toBe(200);
  });
});
