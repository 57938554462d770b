import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { createClient, type Client } from '../../support/http-client';
import { workerdCount } from '../../support/processes';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let server: CourseServer;
let grace: Client;

beforeAll(async () => {
  // Floor 1, so the class's runtimes are visibly more than the default pool.
  server = await startCourseServer({ env: { LAB_WARM_POOL: '1', LAB_MAX_SANDBOXES: '20' } });
  await run(process.execPath, ['scripts/instructor-add.mjs', '--email', 'ada-classes@example.com', '--name', 'Ada', '--password', 'instructor-password'], {
    env: { ...process.env, ...server.storeEnv },
  });
  grace = createClient(server.url);
  expect((await grace.signIn('ada-classes@example.com', 'instructor-password')).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
interface Announcement {
  id: string;
  labId: string;
  learners: number;
  startsAt: string;
  cancelledAt: string | null;
}

test('only instructors announce classes or list them', async () => {
  const anon = createClient(server.url);
  expect((await anon.request('/api/instructor/announcements', { json: { labId: 'first-dispatch', learners: 5, startsAt: inMinutes(5) } })).status).toBe(401);
  const learner = createClient(server.url);
  await learner.signUp('curious-learner@example.com');
  expect((await learner.request('/api/instructor/announcements', { json: { labId: 'first-dispatch', learners: 5, startsAt: inMinutes(5) } })).status).toBe(403);
  expect((await learner.request('/api/instructor/announcements')).status).toBe(403);
});

test('bad announcements get a clear 400 and store nothing', async () => {
  const before = ((await (await grace.request('/api/instructor/announcements')).json()) as { announcements: unknown[] }).announcements.length;
  const bad: unknown[] = [
    { labId: 'no-such-lab', learners: 5, startsAt: inMinutes(5) },
    { labId: 'first-dispatch', learners: 5, startsAt: inMinutes(-5) },
    { labId: 'first-dispatch', learners: 0, startsAt: inMinutes(5) },
    { labId: 'first-dispatch', learners: 5000, startsAt: inMinutes(5) },
    { labId: 'first-dispatch', learners: 5 },
    { labId: 'first-dispatch', learners: 5, startsAt: inMinutes(5), at: '10:00' },
    { labId: 'first-dispatch', learners: 5, at: '25:00' },
    { labId: 'first-dispatch', learners: 5, startsAt: 'tomorrow' },
    { labId: 'first-dispatch', learners: 5, startsAt: inMinutes(5), extra: 1 },
    { labId: 'first-dispatch', learners: 5, startsAt: inMinutes(365 * 24 * 60) },
  ];
  for (const json of bad) {
    const res = await grace.request('/api/instructor/announcements', { json });
    expect(res.status, JSON.stringify(json)).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
  }
  const after = ((await (await grace.request('/api/instructor/announcements')).json()) as { announcements: unknown[] }).announcements.length;
  expect(after).toBe(before);
});

test('an announced class warms real workerd processes before it starts; the dashboard shows it and the capacity', async () => {
  const baseline = workerdCount(server.process.pid!);
  const res = await grace.request('/api/instructor/announcements', { json: { labId: 'first-dispatch', learners: 5, startsAt: inMinutes(1.5), note: 'Tuesday group' } });
  expect(res.status).toBe(201);
  const { announcement } = (await res.json()) as { announcement: Announcement };
  expect(announcement).toMatchObject({ labId: 'first-dispatch', learners: 5, cancelledAt: null });
  const listed = (await (await grace.request('/api/instructor/announcements')).json()) as { announcements: Announcement[] };
  expect(listed.announcements.map((a) => a.id)).toContain(announcement.id);
  expect((await (await grace.request(`/api/instructor/announcements/${announcement.id}`)).json()) as unknown).toMatchObject({ announcement: { id: announcement.id } });

  // The pool fills to the class (5) long before its start time, as real processes under the server.
  const deadline = Date.now() + 60_000;
  while (workerdCount(server.process.pid!) < 5 && Date.now() < deadline) await sleep(500);
  expect(workerdCount(server.process.pid!)).toBeGreaterThanOrEqual(Math.max(5, baseline));
  expect(Date.now()).toBeLessThan(Date.parse(announcement.startsAt));

  // The dashboard reads the engine's capacity (the lab preparation briefly borrows one runtime: poll).
  let page = '';
  for (let i = 0; i < 40; i++) {
    page = await (await grace.request('/instructor/')).text();
    if (/data-warm[^>]*>\s*([5-9]|\d\d)\s*</.test(page)) break;
    await sleep(500);
  }
  expect(page).toContain('Lab capacity');
  expect(page).toContain('this server');
  expect(page).toMatch(/data-warm[^>]*>\s*([5-9]|\d\d)\s*</);
  expect(page).toContain('learners waiting');
  expect(page).toContain('Tuesday group');
  expect(page).toContain(`/api/instructor/announcements/${announcement.id}/cancel`);

  // Cancelling lets the runtimes go (back to the floor of 1 plus what the lab preparation left: none).
  const cancelled = await grace.request(`/api/instructor/announcements/${announcement.id}`, { method: 'DELETE' });
  expect(cancelled.status).toBe(200);
  expect(((await cancelled.json()) as { announcement: Announcement }).announcement.cancelledAt).not.toBeNull();
  const gone = Date.now() + 20_000;
  while (workerdCount(server.process.pid!) > 2 && Date.now() < gone) await sleep(500);
  expect(workerdCount(server.process.pid!)).toBeLessThanOrEqual(2);
}, 120_000);

test('the dashboard form announces (HH:MM) and cancels with plain form posts', async () => {
  const at = new Date(Date.now() + 3 * 60 * 60_000);
  const hhmm = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  const res = await grace.request('/api/instructor/announcements', { form: { labId: 'first-dispatch', learners: '12', at: hhmm, _csrf: grace.csrf! } });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toContain('/instructor/?notice=');
  const { announcements } = (await (await grace.request('/api/instructor/announcements')).json()) as { announcements: Announcement[] };
  const made = announcements.find((a) => a.learners === 12)!;
  expect(made.startsAt.slice(11, 16)).toBe(hhmm);
  const cancel = await grace.request(`/api/instructor/announcements/${made.id}/cancel`, { form: { _csrf: grace.csrf! } });
  expect(cancel.status).toBe(303);
  expect(((await (await grace.request(`/api/instructor/announcements/${made.id}`)).json()) as { announcement: Announcement }).announcement.cancelledAt).not.toBeNull();
  // Without the CSRF token the form is refused; unknown ids are 404.
  expect((await grace.request(`/api/instructor/announcements/${made.id}/cancel`, { form: { redirect: '/instructor/' }, csrf: false })).status).toBe(403);
  expect((await grace.request('/api/instructor/announcements/00000000-0000-0000-0000-000000000000', { method: 'DELETE' })).status).toBe(404);
  expect((await grace.request('/api/instructor/announcements/not-an-id', { method: 'DELETE' })).status).toBe(404);
});
