import { chmodSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccountState } from '../../../src/server/lab-engine/account-state';
import { createSandbox } from '../../../src/server/lab-engine/sandbox';
import { createSandboxRuntime } from '../../../src/server/lab-engine/sandbox-runtime';
import type { Sandbox } from '../../../src/server/lab-engine';
import { DEFAULT_LIMITS } from '../../../src/server/lab-engine/engine';
import { dispatchBinding, esm, SUBDOMAIN_DISPATCHER, testEngine } from '../../support/lab-engine';

const engine = testEngine({ limits: { runTimeoutMs: 3_000, storageTimeoutMs: 1_500 } });
let sandbox: Sandbox;
let dbId: string;

const HOST_DISPATCHER = `export default { async fetch(request, env) {
  const name = new URL(request.url).hostname.split('.')[0];
  if (name === 'cf') return Response.json({ hostMetadata: request.cf?.hostMetadata ?? null });
  const res = await env.DISPATCHER.get(name).fetch(request);
  return res;
} }`;

beforeAll(async () => {
  sandbox = await engine.create();
  await sandbox.createNamespace('production');
  await sandbox.uploadAccountWorker('dispatcher', esm(HOST_DISPATCHER, [dispatchBinding()]));
  await sandbox.uploadUserWorker('production', 'slow', esm(`export default { fetch() { return new Promise((r) => setTimeout(() => r(new Response('late')), 10_000)); } }`));
  await sandbox.uploadUserWorker('production', 'fast', esm(`export default { fetch() { return new Response('fast'); } }`));
  await sandbox.uploadUserWorker('production', 'usercf', esm(`export default { fetch(request) { return Response.json({ cf: request.cf ?? null }); } }`));
  dbId = (await sandbox.createD1Database('data')).uuid;
});
afterAll(() => engine.close());

describe('calls from Node into workerd are bounded', () => {
  test('a D1 query that never ends is stopped with a clear error, and the next query works', async () => {
    const db = await sandbox.d1(dbId);
    await db.exec('CREATE TABLE t (x INTEGER)');
    const runaway = db.prepare('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c').all();
    await expect(runaway).rejects.toMatchObject({ code: 'timeout', status: 504, message: expect.stringMatching(/did not finish within 1\.5 s/) });
    const again = await sandbox.d1(dbId);
    await again.prepare('INSERT INTO t (x) VALUES (?)').bind(7).run();
    expect(await again.prepare('SELECT x FROM t').first()).toEqual({ x: 7 });
    expect((await sandbox.send({ url: 'https://fast.example.com/' })).body).toBe('fast');
  });
});

describe('runs', () => {
  test('a per-run budget shorter than the engine budget ends the run', async () => {
    const res = await sandbox.send({ url: 'https://slow.example.com/' }, { timeoutMs: 300 });
    expect(res.error?.kind).toBe('timeout');
    expect(res.error?.message).toMatch(/within 0\.3 s/);
    expect((await sandbox.send({ url: 'https://fast.example.com/' })).body).toBe('fast');
  });

  test('aborting the signal or calling cancel() stops the run with "Stopped by you."', async () => {
    const abort = new AbortController();
    const pending = sandbox.send({ url: 'https://slow.example.com/' }, { signal: abort.signal });
    setTimeout(() => abort.abort(), 200);
    const res = await pending;
    expect(res.error).toEqual({ kind: 'cancelled', message: 'Stopped by you.' });

    expect(await sandbox.cancel()).toBe(false);
    const second = sandbox.send({ url: 'https://slow.example.com/' });
    let stopped = false;
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 50));
      stopped = await sandbox.cancel();
    }
    expect((await second).error?.kind).toBe('cancelled');
    expect((await sandbox.send({ url: 'https://fast.example.com/' })).body).toBe('fast');
  });

  test('custom hostnames give the dispatcher request.cf.hostMetadata; user Workers see no cf', async () => {
    await sandbox.setCustomHostnames([{ hostname: 'cf.customer.example', metadata: { plan: 'pro' } }]);
    expect(JSON.parse((await sandbox.send({ url: 'https://cf.customer.example/' })).body)).toEqual({ hostMetadata: { plan: 'pro' } });
    expect(JSON.parse((await sandbox.send({ url: 'https://cf.other.example/' })).body)).toEqual({ hostMetadata: null });
    await sandbox.setCustomHostnames([{ hostname: 'usercf.customer.example', metadata: { plan: 'pro' } }]);
    expect(JSON.parse((await sandbox.send({ url: 'https://usercf.customer.example/' })).body)).toEqual({ cf: null });
  });
});

describe('the warm pool contract', () => {
  test('a generic runtime starts with an empty account, marks its process and is handed to a sandbox', async () => {
    // Like the engine's sandbox root (the outer sandbox's wrapper only accepts directories under that prefix):
    // traversable (0711) so the lab user reaches its own directory.
    const root = mkdtempSync(join(tmpdir(), 'wfp-lab-sandboxes-'));
    chmodSync(root, 0o711);
    const persistDir = join(root, 'pool-1');
    mkdirSync(persistDir);
    const runtime = createSandboxRuntime({ sandboxId: 'pool-1', persistDir, limits: DEFAULT_LIMITS });
    await runtime.apply(createAccountState());
    const environ = readFileSync(`/proc/${runtime.pid}/environ`, 'latin1').split('\0');
    expect(environ).toContain(`WFP_LAB_DATA_DIR=${persistDir}`);
    expect(environ.some((e) => e.startsWith('WFP_LAB_SANDBOX=pool-1:'))).toBe(true);

    const handed = createSandbox({ dataDir: tmpdir(), limits: DEFAULT_LIMITS, prepared: { id: 'pool-1', persistDir, runtime } });
    try {
      expect(handed.id).toBe('pool-1');
      expect(handed.runtimeRunning).toBe(true);
      await handed.createNamespace('production');
      await handed.uploadAccountWorker('dispatcher', esm(SUBDOMAIN_DISPATCHER, [dispatchBinding()]));
      await handed.uploadUserWorker('production', 'hello', esm(`export default { fetch() { return new Response('from the pool'); } }`));
      expect((await handed.send({ url: 'https://hello.example.com/' })).body).toBe('from the pool');
    } finally {
      await handed.dispose();
    }
  });
});
