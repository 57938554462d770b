import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { workerForm } from '../../support/cloudflare-api';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { sharedStore } from '../../support/shared-store';

// Two web processes on one data directory with their embedded runners (no settings), as an operator
// would run them behind a round-robin proxy; one is killed with kill -9 and started again.
const dataDir = mkdtempSync(join(tmpdir(), 'wfp-two-web-'));
const tmpA = mkdtempSync(join(tmpdir(), 'wfp-two-web-tmp-a-'));
const tmpB = mkdtempSync(join(tmpdir(), 'wfp-two-web-tmp-b-'));
let a: CourseServer;
let b: CourseServer;
let a2: CourseServer | undefined;
let shared: Awaited<ReturnType<typeof sharedStore>>;
const env = (tmp: string) => ({ TMPDIR: tmp, LAB_WARM_POOL: '0' });
const start = (tmp: string) => startCourseServer({ dataDir, ...(shared.databaseUrl ? { databaseUrl: shared.databaseUrl } : {}), env: env(tmp) });

beforeAll(async () => {
  shared = await sharedStore(dataDir);
  a = await start(tmpA);
}, 90_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), a2?.stop()]);
  await shared?.close();
  for (const dir of [dataDir, tmpA, tmpB]) rmSync(dir, { recursive: true, force: true });
});

interface RunnerRow {
  id: string;
  url: string;
  pid: number;
  dirs: string;
}
async function runnerOf(server: CourseServer): Promise<RunnerRow> {
  const row = await shared.store.db.get<RunnerRow>('SELECT id, url, pid, dirs FROM lab_runners WHERE pid = ? AND stopped = 0', [server.process.pid!]);
  if (!row) throw new Error('no runner registered for that process');
  return row;
}

let sandbox: { id: string; token: string; accountId: string };
const api = (server: CourseServer, path: string, init: RequestInit = {}) =>
  fetch(`${server.url}/api/sandboxes/${sandbox.id}/client/v4/accounts/${sandbox.accountId}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${sandbox.token}`, ...(init.headers as Record<string, string>) },
  });
const send = (server: CourseServer, path = '/') =>
  fetch(`${server.url}/api/sandboxes/${sandbox.id}/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sandbox.token}` },
    body: JSON.stringify({ url: `https://shop.example.com${path}` }),
  });

let runnerA: RunnerRow;

test('a sandbox held by the other process is reached through it, and lab code cannot reach a runner API', async () => {
  runnerA = await runnerOf(a);
  expect(runnerA.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const created = await fetch(`${a.url}/api/sandboxes`, { method: 'POST' });
  expect(created.status).toBe(201);
  sandbox = await created.json();
  // B starts after the sandbox is placed: with A's runner the only one registered, the sandbox is A's.
  b = await start(tmpB);
  const holder = await shared.store.db.get<{ runner_id: string }>('SELECT runner_id FROM lab_sandboxes WHERE id = ?', [sandbox.id]);
  expect(holder?.runner_id).toBe(runnerA.id);

  // Everything below goes through B; the sandbox lives in A's runner.
  const kv = (await (await api(b, '/storage/kv/namespaces', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'cart' }) })).json()).result;
  expect((await api(b, `/storage/kv/namespaces/${kv.id}/values/cart`, { method: 'PUT', body: '3 scarves' })).status).toBe(200);
  const code = `export default {
    async fetch(request, env) {
      const url = new URL(request.url);
      if (url.pathname === '/runner') {
        try {
          const r = await fetch(${JSON.stringify(runnerA.url)} + '/runner/v1/health');
          return new Response('reached ' + r.status + ' ' + (await r.text()));
        } catch (e) {
          return new Response('blocked: ' + e.message);
        }
      }
      return new Response('cart ' + (await env.CART.get('cart')));
    },
  };`;
  const upload = await api(b, '/workers/scripts/shop', {
    method: 'PUT',
    body: workerForm({ main_module: 'shop.mjs', compatibility_date: '2026-07-01', bindings: [{ type: 'kv_namespace', name: 'CART', namespace_id: kv.id }] }, { 'shop.mjs': code }),
  });
  expect(upload.status).toBe(200);

  const viaB = await send(b);
  expect(viaB.status).toBe(200);
  expect(viaB.headers.get('x-lab-notice')).toBeNull();
  expect((await viaB.json()).body).toBe('cart 3 scarves');

  const probe = await (await send(b, '/runner')).json();
  // The lab's egress refuses loopback: the runner never sees the request (no 401 from it, no health).
  expect(probe.body).toMatch(/^(blocked: |reached 502 Blocked by the lab sandbox)/);
  expect(probe.body).not.toMatch(/LAB_RUNNER_SECRET|runnerId/);
}, 120_000);

test('kill -9 of the process holding it: the next call re-creates it on the other runner with its data and one notice', async () => {
  a.process.kill('SIGKILL');
  await new Promise((r) => a.process.once('exit', r));
  const moved = await send(b);
  expect(moved.status).toBe(200);
  expect(moved.headers.get('x-lab-notice')).toMatch(/moved to another machine/);
  const body = await moved.json();
  expect(body.body).toBe('cart 3 scarves');
  expect(body.notice).toMatch(/moved to another machine/);
  // Once moved, it stays put: no notice again; the Worker uploaded through the API is still listed.
  const again = await send(b);
  expect(again.headers.get('x-lab-notice')).toBeNull();
  const scripts = (await (await api(b, '/workers/scripts')).json()).result.map((s: { id: string }) => s.id);
  expect(scripts).toEqual(['shop']);
});

test('restarting the killed process removes its directories, never the live process\'s', async () => {
  const runnerB = await runnerOf(b);
  const deadDirs = JSON.parse(runnerA.dirs) as string[];
  const liveDirs = JSON.parse(runnerB.dirs) as string[];
  expect(deadDirs.length).toBe(2);
  // Before the restart the crash left them behind (that is what a kill -9 does).
  expect(deadDirs.some((d) => existsSync(d))).toBe(true);
  a2 = await start(tmpA);
  const deadline = Date.now() + 15_000;
  while (deadDirs.some((d) => existsSync(d)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  for (const dir of deadDirs) expect(existsSync(dir), dir).toBe(false);
  for (const dir of liveDirs) expect(existsSync(dir), dir).toBe(true);
  // Nothing else of the killed process is left in its temp dir: no miniflare-* and no other sandbox root.
  const own = JSON.parse((await runnerOf(a2)).dirs) as string[];
  const leftovers = readdirSync(tmpA).filter((n) => /^miniflare-|^wfp-lab-sandboxes-/.test(n) && !own.includes(join(tmpA, n)));
  expect(leftovers).toEqual([]);
  // B's sandbox (moved there) still serves.
  expect((await (await send(b)).json()).body).toBe('cart 3 scarves');
});

test('a graceful stop hands the sandboxes over and leaves no directories; the sandbox moves to the process still running', async () => {
  const dirsB = JSON.parse((await runnerOf(b)).dirs) as string[];
  await b.stop();
  for (const dir of dirsB) expect(existsSync(dir), dir).toBe(false);
  expect(readdirSync(tmpB).filter((n) => /^miniflare-|^wfp-lab-sandboxes-/.test(n))).toEqual([]);
  const moved = await send(a2!);
  expect(moved.headers.get('x-lab-notice')).toMatch(/moved to another machine/);
  expect((await moved.json()).body).toBe('cart 3 scarves');
});
