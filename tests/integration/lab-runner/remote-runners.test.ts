import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { sharedStore } from '../../support/shared-store';
import { createClient, type Client } from '../../support/http-client';
import { exitOf, startLabRunner, type RunnerProcess } from '../../support/lab-runner-process';

// Web processes with LAB_RUNNERS=remote and a standalone runner (`npm run lab-runner`) on loopback.
const secret = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const dataDir = mkdtempSync(join(tmpdir(), 'wfp-remote-'));
const runnerDirs = [mkdtempSync(join(tmpdir(), 'wfp-remote-r1-')), mkdtempSync(join(tmpdir(), 'wfp-remote-r2-'))];
let runner: RunnerProcess;
let runner2: RunnerProcess | undefined;
let w1: CourseServer;
let w2: CourseServer;
let shared: Record<string, string>;
let store: Awaited<ReturnType<typeof sharedStore>>;
const web = () => startCourseServer({ dataDir, ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}), env: { ...shared, LAB_RUNNERS: 'remote' } });

beforeAll(async () => {
  store = await sharedStore(dataDir);
  shared = { COURSE_DATA_DIR: dataDir, LAB_RUNNER_SECRET: secret, LAB_WARM_POOL: '0', ...store.env };
  runner = await startLabRunner({ ...shared, LAB_MAX_SANDBOXES: '1', LAB_RUNNER_DIR: runnerDirs[0]!, TMPDIR: runnerDirs[0]! }, { build: true });
  w1 = await web();
  w2 = await web();
}, 120_000);
afterAll(async () => {
  await Promise.all([w1?.stop(), w2?.stop(), runner?.stop(), runner2?.stop()]);
  await store?.close();
  for (const dir of [dataDir, ...runnerDirs]) rmSync(dir, { recursive: true, force: true });
});

test('the runner API refuses calls without the secret, and a runner will not listen off loopback without one', async () => {
  expect((await fetch(`${runner.url}/runner/v1/health`)).status).toBe(401);
  expect((await fetch(`${runner.url}/runner/v1/health`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  const unauthenticatedCreate = await fetch(`${runner.url}/runner/v1/sandboxes`, { method: 'POST', body: '{}' });
  expect(unauthenticatedCreate.status).toBe(401);
  const health = await fetch(`${runner.url}/runner/v1/health`, { headers: { authorization: `Bearer ${secret}` } });
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ runnerId: expect.stringMatching(/^r-/), capacity: { max: 1 } });
  const bad = await fetch(`${runner.url}/runner/v1/sandboxes`, { method: 'POST', headers: { authorization: `Bearer ${secret}` }, body: JSON.stringify({ id: '../etc' }) });
  expect(bad.status).toBe(400);

  const { LAB_RUNNER_SECRET: _, ...noSecret } = process.env;
  const open = spawn(process.execPath, ['scripts/lab-runner.mjs'], { env: { ...noSecret, LAB_RUNNER_SKIP_BUILD: '1', LAB_RUNNER_HOST: '0.0.0.0', LAB_RUNNER_PORT: '0', COURSE_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  open.stderr!.on('data', (d) => (log += d));
  expect(await exitOf(open)).toBe(1);
  expect(log).toMatch(/without LAB_RUNNER_SECRET/);
});

async function learner(email: string): Promise<Client> {
  const c = createClient(w1.url);
  expect((await c.signUp(email)).status).toBe(201);
  return c;
}
const onto = (client: Client, server: CourseServer): Client => {
  const moved = createClient(server.url);
  Object.assign(moved, { cookie: client.cookie, csrf: client.csrf });
  return moved;
};

test('the line is site-wide and a queue place survives the web process that gave it', async () => {
  const ada = await learner('ada-remote@example.com');
  const bo = await learner('bo-remote@example.com');
  const first = await ada.request('/api/labs/first-dispatch/sandbox', { method: 'POST' });
  expect(first.status).toBe(201);
  const held = (await first.json()) as { sandboxId: string; token: string };
  const waiting = await bo.request('/api/labs/first-dispatch/sandbox', { method: 'POST' });
  expect(waiting.status).toBe(202);
  const queued = (await waiting.json()) as { status: string; ticket: string; position: number; total: number; retryAfterMs: number; message: string };
  expect(queued).toMatchObject({ status: 'queued', position: 1, total: 1, retryAfterMs: expect.any(Number), message: expect.stringMatching(/number 1 in line/) });

  // The web process that issued the ticket dies; the learner's next poll lands on the other one.
  w1.process.kill('SIGKILL');
  await new Promise((r) => w1.process.once('exit', r));
  const boOnW2 = onto(bo, w2);
  const poll = await boOnW2.request('/api/labs/first-dispatch/sandbox', { json: { ticket: queued.ticket } });
  expect(poll.status).toBe(202);
  expect(await poll.json()).toMatchObject({ ticket: queued.ticket, position: 1 });

  // Ada's run is served through w2 by the runner; then she leaves and Bo gets the place.
  const adaOnW2 = onto(ada, w2);
  const run = await adaOnW2.request(`/api/labs/first-dispatch/run?sandbox=${held.sandboxId}`, { json: { request: { url: 'https://acme-corp.example.com/' } }, headers: { authorization: `Bearer ${held.token}` } });
  expect(run.status).toBe(200);
  expect(((await run.json()) as { status: number }).status).toBe(200);
  const gone = await fetch(`${w2.url}/api/sandboxes/${held.sandboxId}`, { method: 'DELETE', headers: { authorization: `Bearer ${held.token}`, origin: w2.url } });
  expect(gone.status).toBe(204);
  const admitted = await boOnW2.request('/api/labs/first-dispatch/sandbox', { json: { ticket: queued.ticket } });
  expect(admitted.status).toBe(201);
});

test('a drained runner hands its sandboxes to another runner; the learner sees one notice and keeps going', async () => {
  const cy = createClient(w2.url);
  expect((await cy.signUp('cy-remote@example.com')).status).toBe(201);
  runner2 = await startLabRunner({ ...shared, LAB_MAX_SANDBOXES: '4', LAB_RUNNER_DIR: runnerDirs[1]!, TMPDIR: runnerDirs[1]! });
  // Runner 1 is full (Bo), so Cy's sandbox lands on runner 2; drain runner 2 by its admin API.
  const created = (await (await cy.request('/api/labs/first-dispatch/sandbox', { method: 'POST' })).json()) as { sandboxId: string; token: string };
  const runOnce = () => cy.request(`/api/labs/first-dispatch/run?sandbox=${created.sandboxId}`, { json: { request: { url: 'https://acme-corp.example.com/' } }, headers: { authorization: `Bearer ${created.token}` } });
  expect((await runOnce()).headers.get('x-lab-notice')).toBeNull();
  const drained = await fetch(`${runner2.url}/runner/v1/admin/drain`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } });
  expect(drained.status).toBe(200);
  expect(await drained.json()).toEqual({ handedOver: 1 });
  // Runner 1 is full with Bo, but a moved sandbox keeps its place: it is restored there.
  const after = await runOnce();
  expect(after.status).toBe(200);
  expect(after.headers.get('x-lab-notice')).toMatch(/moved to another machine/);
  expect(((await after.json()) as { status: number }).status).toBe(200);
  // A drained runner takes no new sandboxes: SIGUSR2 is the same drain for operators.
  runner2.process.kill('SIGUSR2');
  const health = await (await fetch(`${runner2.url}/runner/v1/capacity`, { headers: { authorization: `Bearer ${secret}` } })).json();
  expect(health).toMatchObject({ live: 0, free: 0 });
});
