import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dirBytes } from '../../../src/server/lab-engine/quota/disk-usage';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { sendThroughDispatcher, workerForm, type SandboxInfo } from '../../support/cloudflare-api';

/**
 * Issue 19: the 1 GiB attack (1 MiB KV puts through the API, env.K.put from lab code, randomblob rows through D1),
 * sent as an anonymous visitor sends it, stops at the sandbox's quota while writing. LAB_STORAGE_MB=8 here.
 */
const QUOTA_MB = 8;
const MIB = 1024 * 1024;
/** One write past the quota, and SQLite's write-ahead log holding pages twice until a checkpoint (OVERRUN_SLACK). */
const SLACK = 5 * MIB;
let server: CourseServer;

async function newSandbox(): Promise<SandboxInfo> {
  const res = await fetch(`${server.url}/api/sandboxes`, { method: 'POST' });
  expect(res.status).toBe(201);
  return (await res.json()) as SandboxInfo;
}
const api = (sb: SandboxInfo, path: string, init: RequestInit = {}) =>
  fetch(`${sb.apiBase}/accounts/${sb.accountId}${path}`, { ...init, headers: { authorization: `Bearer ${sb.token}`, ...(init.headers as Record<string, string>) } });
/** Measured independently of the server: the sandbox's directory, under the outer sandbox's root or the data directory. */
function findDir(root: string, id: string, depth: number): string | undefined {
  if (depth < 0 || !existsSync(root)) return undefined;
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    if (e.name === id) return join(root, e.name);
    const found = findDir(join(root, e.name), id, depth - 1);
    if (found) return found;
  }
  return undefined;
}
async function onDisk(sb: SandboxInfo): Promise<number> {
  const roots = [...readdirSync(tmpdir()).filter((d) => d.startsWith('wfp-lab-sandboxes-')).map((d) => join(tmpdir(), d)), server.dataDir];
  const dir = roots.map((r) => findDir(r, sb.id, 4)).find(Boolean);
  expect(dir, 'the sandbox directory').toBeDefined();
  return dirBytes(dir!);
}
async function deploy(sb: SandboxInfo, code: string, bindings: unknown[]) {
  const res = await api(sb, '/workers/scripts/attack', { method: 'PUT', body: workerForm({ main_module: 'attack.mjs', compatibility_date: '2026-07-01', bindings }, { 'attack.mjs': code }) });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  // No warm runtimes: each sandbox's directory is named after it, so the test can measure it on disk.
  server = await startCourseServer({ env: { LAB_STORAGE_MB: String(QUOTA_MB), LAB_WARM_POOL: '0', LAB_WARM_POOL_MAX: '0' } });
});
afterAll(async () => {
  await server?.stop();
});

describe('storage quota per sandbox (LAB_STORAGE_MB)', () => {
  test('1 MiB KV puts through the Cloudflare API: refused at the quota with a 4xx Cloudflare envelope; reads and deletes still work', async () => {
    const sb = await newSandbox();
    const ns = (await (await api(sb, '/storage/kv/namespaces', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'fill' }) })).json()).result.id as string;
    const value = 'x'.repeat(MIB - 64);
    let stored = 0;
    let refusal: Response | undefined;
    for (let i = 0; i < 40 && !refusal; i++) {
      const res = await api(sb, `/storage/kv/namespaces/${ns}/values/k${i}`, { method: 'PUT', body: value });
      if (res.ok) stored++;
      else refusal = res;
    }
    expect(refusal, 'a put must be refused').toBeDefined();
    expect(refusal!.status).toBeGreaterThanOrEqual(400);
    expect(refusal!.status).toBeLessThan(500);
    const body = await refusal!.json();
    expect(body).toMatchObject({ success: false, result: null });
    expect(body.errors[0].message).toMatch(/Storage quota exceeded.*LAB_STORAGE_MB/);
    expect(stored).toBeLessThanOrEqual(QUOTA_MB);
    expect(await onDisk(sb)).toBeLessThanOrEqual(QUOTA_MB * MIB + SLACK);
    expect((await api(sb, `/storage/kv/namespaces/${ns}/values/k0`)).status).toBe(200);
    expect((await api(sb, `/storage/kv/namespaces/${ns}/values/k0`, { method: 'DELETE' })).status).toBe(200);
  });

  test('env.K.put from lab code throws a clear error at the quota', async () => {
    const sb = await newSandbox();
    const ns = (await (await api(sb, '/storage/kv/namespaces', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'k' }) })).json()).result.id as string;
    await deploy(
      sb,
      `export default { async fetch(request, env) {
        const chunk = 'y'.repeat(1024 * 1024 - 64); let written = 0;
        try { for (let i = 0; i < 1024; i++) { await env.K.put('v' + i, chunk); written++; } return Response.json({ written }); }
        catch (e) { return Response.json({ written, error: e.message }); }
      } };`,
      [{ type: 'kv_namespace', name: 'K', namespace_id: ns }],
    );
    const run = await sendThroughDispatcher(server, sb, 'https://attack.example.com/', 'attack');
    expect(run.status).toBe(200);
    const out = JSON.parse(run.body) as { written: number; error?: string };
    expect(out.error).toMatch(/Storage quota exceeded/);
    // Every run result carries the use against the quota (the workbench shows it under the response).
    expect((run as unknown as { storage: { usedBytes: number; limitBytes: number } }).storage).toMatchObject({ limitBytes: QUOTA_MB * MIB, usedBytes: expect.any(Number) });
    expect(out.written).toBeLessThanOrEqual(QUOTA_MB);
    expect(await onDisk(sb)).toBeLessThanOrEqual(QUOTA_MB * MIB + SLACK);
  });

  test('randomblob rows through D1 (lab code and the API) are refused at the quota', async () => {
    const sb = await newSandbox();
    const db = (await (await api(sb, '/d1/database', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'fill' }) })).json()).result.uuid as string;
    await deploy(
      sb,
      `export default { async fetch(request, env) {
        await env.DB.exec('CREATE TABLE IF NOT EXISTS blobs (b BLOB)'); let rows = 0;
        try { for (let i = 0; i < 1024; i++) { await env.DB.prepare('INSERT INTO blobs VALUES (randomblob(1000000))').run(); rows++; } return Response.json({ rows }); }
        catch (e) { return Response.json({ rows, error: e.message }); }
      } };`,
      [{ type: 'd1', name: 'DB', id: db }],
    );
    const run = await sendThroughDispatcher(server, sb, 'https://attack.example.com/', 'attack');
    const out = JSON.parse(run.body) as { rows: number; error?: string };
    expect(out.error).toMatch(/Storage quota exceeded/);
    expect(out.rows).toBeLessThanOrEqual(QUOTA_MB + 1);
    const viaApi = await api(sb, `/d1/database/${db}/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'INSERT INTO blobs VALUES (randomblob(1000000))' }) });
    expect(viaApi.status).toBe(413);
    expect((await viaApi.json()).errors[0].message).toMatch(/Storage quota exceeded/);
    // Reads still work on a full sandbox.
    const read = await api(sb, `/d1/database/${db}/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT count(*) AS n FROM blobs' }) });
    expect(read.status).toBe(200);
    expect(await onDisk(sb)).toBeLessThanOrEqual(QUOTA_MB * MIB + SLACK);
  });
});

describe('one statement that writes far past the quota', () => {
  const BOMB = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) INSERT INTO blobs SELECT randomblob(1000000) FROM c';

  test('from lab code: the run is stopped at the quota, the statement rolled back, the disk given back', async () => {
    const sb = await newSandbox();
    const db = (await (await api(sb, '/d1/database', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bomb' }) })).json()).result.uuid as string;
    await deploy(
      sb,
      `export default { async fetch(request, env) {
        await env.DB.exec('CREATE TABLE IF NOT EXISTS blobs (b BLOB)');
        await env.DB.prepare('INSERT INTO blobs VALUES (randomblob(1000))').run();
        await env.DB.prepare(${JSON.stringify(BOMB)}).run();
        return new Response('wrote 1 GB');
      } };`,
      [{ type: 'd1', name: 'DB', id: db }],
    );
    const run = (await sendThroughDispatcher(server, sb, 'https://attack.example.com/', 'attack')) as { status: number | null; error: { kind: string; message: string } | null };
    expect(run.status).toBeNull();
    expect(run.error).toMatchObject({ kind: 'storage' });
    expect(run.error!.message).toMatch(/storage quota of 8 MiB.*LAB_STORAGE_MB/);
    expect(await onDisk(sb)).toBeLessThanOrEqual(QUOTA_MB * MIB + SLACK);
    // What committed before the bomb is still there; the bomb's rows are not.
    const rows = await api(sb, `/d1/database/${db}/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT count(*) AS n FROM blobs' }) });
    expect((await rows.json()).result[0].results).toEqual([{ n: 1 }]);
  });

  test('through the D1 query API: a 413 Cloudflare envelope, nothing kept', async () => {
    const sb = await newSandbox();
    const db = (await (await api(sb, '/d1/database', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bomb' }) })).json()).result.uuid as string;
    const q = (sql: string) => api(sb, `/d1/database/${db}/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }) });
    expect((await q('CREATE TABLE blobs (b BLOB)')).status).toBe(200);
    const res = await q(BOMB);
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].message).toMatch(/Storage quota exceeded/);
    expect(await onDisk(sb)).toBeLessThanOrEqual(QUOTA_MB * MIB + SLACK);
    expect((await (await q('SELECT count(*) AS n FROM blobs')).json()).result[0].results).toEqual([{ n: 0 }]);
  });
});

describe('server-wide cap (LAB_STORAGE_TOTAL_GB)', () => {
  test('a new sandbox is refused with a message when the cap has no room for its quota', async () => {
    const capped = await startCourseServer({ env: { LAB_STORAGE_MB: '4', LAB_STORAGE_TOTAL_GB: String(6 / 1024), LAB_WARM_POOL: '0' } });
    try {
      const first = await fetch(`${capped.url}/api/sandboxes`, { method: 'POST' });
      expect(first.status).toBe(201);
      const sb = (await first.json()) as SandboxInfo;
      const ns = (await (await fetch(`${sb.apiBase}/accounts/${sb.accountId}/storage/kv/namespaces`, { method: 'POST', headers: { authorization: `Bearer ${sb.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x' }) })).json()).result.id;
      for (let i = 0; i < 3; i++) {
        await fetch(`${sb.apiBase}/accounts/${sb.accountId}/storage/kv/namespaces/${ns}/values/v${i}`, { method: 'PUT', headers: { authorization: `Bearer ${sb.token}` }, body: 'z'.repeat(MIB - 64) });
      }
      await new Promise((r) => setTimeout(r, 1_100)); // the server-wide measure is cached for a second
      const second = await fetch(`${capped.url}/api/sandboxes`, { method: 'POST' });
      expect(second.status).toBe(507);
      expect((await second.json()).error.message).toMatch(/LAB_STORAGE_TOTAL_GB/);
    } finally {
      await capped.stop();
    }
  });
});
