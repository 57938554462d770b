import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { dispatchBinding, esm, SUBDOMAIN_DISPATCHER, testEngine } from '../../support/lab-engine';

// The KV and D1 APIs as user code sees them inside a user Worker (loaded through the Worker Loader,
// with bindings served by the host over RPC). Each user Worker answers JSON that the tests compare.
const engine = testEngine();
let sandbox: Sandbox;

const KV_WORKER = `export default { async fetch(request, env) {
  const kv = env.KV;
  await kv.put('text', 'hello');
  await kv.put('obj', JSON.stringify({ a: 1 }));
  await kv.put('bin', new Uint8Array([1, 2, 3]));
  await kv.put('streamed', new Response('from a stream').body);
  await kv.put('meta', 'with metadata', { metadata: { owner: 'acme' }, expirationTtl: 3600 });
  await kv.put('abs', 'absolute', { expiration: Math.floor(Date.now() / 1000) + 7200 });
  for (let i = 0; i < 5; i++) await kv.put('page:' + i, String(i));
  const first = await kv.list({ prefix: 'page:', limit: 2 });
  const rest = await kv.list({ prefix: 'page:', cursor: first.cursor });
  const meta = await kv.getWithMetadata('meta');
  const metaJson = await kv.getWithMetadata('obj', { type: 'json' });
  const stream = await kv.get('text', 'stream');
  await kv.delete('text');
  return Response.json({
    text: await kv.get('obj'),
    json: await kv.get('obj', 'json'),
    jsonOpt: await kv.get('obj', { type: 'json', cacheTtl: 60 }),
    bin: [...new Uint8Array(await kv.get('bin', 'arrayBuffer'))],
    streamed: await kv.get('streamed'),
    streamText: await new Response(stream).text(),
    missing: await kv.get('nope'),
    deleted: await kv.get('text'),
    meta: { value: meta.value, metadata: meta.metadata },
    metaJson: metaJson.value,
    first: { names: first.keys.map((k) => k.name), complete: first.list_complete, hasCursor: typeof first.cursor === 'string' },
    rest: { names: rest.keys.map((k) => k.name), complete: rest.list_complete },
    listedMeta: (await kv.list({ prefix: 'meta' })).keys[0],
  });
} }`;

const D1_WORKER = `export default { async fetch(request, env) {
  const db = env.DB;
  await db.exec('CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, plan TEXT)');
  await db.exec('DELETE FROM users');
  const insert = db.prepare('INSERT INTO users (name, plan) VALUES (?, ?)');
  const batch = await db.batch([insert.bind('ada', 'pro'), insert.bind('bob', 'free'), insert.bind('cy', 'pro')]);
  const run = await db.prepare('UPDATE users SET plan = ?1 WHERE name = ?2').bind('team', 'bob').run();
  const all = await db.prepare('SELECT name, plan FROM users ORDER BY id').all();
  const first = await db.prepare('SELECT name FROM users WHERE plan = ? ORDER BY id').bind('pro').first();
  const firstCol = await db.prepare('SELECT count(*) AS n FROM users').first('n');
  const raw = await db.prepare('SELECT id, name FROM users ORDER BY id LIMIT 2').raw();
  const rawCols = await db.prepare('SELECT id, name FROM users ORDER BY id LIMIT 1').raw({ columnNames: true });
  let error = null;
  try { await db.prepare('SELECT * FROM nowhere').all(); } catch (e) { error = e.message; }
  return Response.json({
    batch: batch.map((r) => ({ success: r.success, changes: r.meta.changes })),
    run: { success: run.success, changes: run.meta.changes },
    all: all.results,
    first, firstCol, raw, rawCols,
    error,
  });
} }`;

beforeAll(async () => {
  sandbox = await engine.create();
  await sandbox.createNamespace('production');
  await sandbox.uploadAccountWorker('dispatcher', esm(SUBDOMAIN_DISPATCHER, [dispatchBinding()]));
  const kv = await sandbox.createKvNamespace('data');
  const db = await sandbox.createD1Database('app');
  await sandbox.uploadUserWorker('production', 'kv', esm(KV_WORKER, [{ type: 'kv_namespace', name: 'KV', namespace_id: kv.id }]));
  await sandbox.uploadUserWorker('production', 'd1', esm(D1_WORKER, [{ type: 'd1', name: 'DB', id: db.uuid }]));
});
afterAll(async () => engine.close());

describe('KV inside a user Worker', () => {
  test('get (text/json/arrayBuffer/stream, cacheTtl), getWithMetadata, put with metadata and expiration, list pages, delete', async () => {
    const res = await sandbox.send({ url: 'https://kv.example.com/' });
    expect(res.error).toBeNull();
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({
      text: '{"a":1}',
      json: { a: 1 },
      jsonOpt: { a: 1 },
      bin: [1, 2, 3],
      streamed: 'from a stream',
      streamText: 'hello',
      missing: null,
      deleted: null,
      meta: { value: 'with metadata', metadata: { owner: 'acme' } },
      metaJson: { a: 1 },
      first: { names: ['page:0', 'page:1'], complete: false, hasCursor: true },
      rest: { names: ['page:2', 'page:3', 'page:4'], complete: true },
      listedMeta: { name: 'meta', metadata: { owner: 'acme' }, expiration: expect.any(Number) },
    });
  });

  test('a KV namespace created after the runtime started is served without a restart', async () => {
    const pid = sandbox.runtimePid;
    const late = await sandbox.createKvNamespace('late');
    await sandbox.uploadUserWorker(
      'production',
      'late',
      esm(`export default { async fetch(r, env) { await env.LATE.put('k', 'v'); return new Response(await env.LATE.get('k')); } }`, [
        { type: 'kv_namespace', name: 'LATE', namespace_id: late.id },
      ]),
    );
    expect((await sandbox.send({ url: 'https://late.example.com/' })).body).toBe('v');
    expect(sandbox.runtimePid).toBe(pid);
    expect(await (await sandbox.kv(late.id)).get('k')).toBe('v');
  });

  test('more namespaces than slots: the runtime restarts once with more slots and keeps every value', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const { id } = await sandbox.createKvNamespace(`extra-${i}`);
      ids.push(id);
      await (await sandbox.kv(id)).put('n', String(i));
    }
    for (const [i, id] of ids.entries()) expect(await (await sandbox.kv(id)).get('n')).toBe(String(i));
    expect((await sandbox.send({ url: 'https://late.example.com/' })).body).toBe('v');
  });
});

test('Workers with old compatibility dates (or none: the oldest) get working bindings and dispatch', async () => {
  const kv = await sandbox.createKvNamespace('old');
  await sandbox.uploadAccountWorker('old-dispatcher', { metadata: { main_module: 'd.js', bindings: [dispatchBinding()] }, modules: [{ name: 'd.js', content: SUBDOMAIN_DISPATCHER }] });
  await sandbox.uploadUserWorker('production', 'old', {
    metadata: { main_module: 'a.js', compatibility_date: '2022-01-01', bindings: [{ type: 'kv_namespace', name: 'K', namespace_id: kv.id }] },
    modules: [{ name: 'a.js', content: `export default { async fetch(r, env) { await env.K.put('a', 'b'); const c = await caches.open('c'); await env.K.delete('x'); return new Response(await env.K.get('a')); } }` }],
  });
  const res = await sandbox.send({ script: 'old-dispatcher', url: 'https://old.example.com/' });
  expect(res.error).toBeNull();
  expect(res.body).toBe('b');
});

describe('D1 inside a user Worker', () => {
  test('exec, prepare/bind, batch, run, all, first(column), raw({ columnNames }), errors', async () => {
    const res = await sandbox.send({ script: 'dispatcher', url: 'https://d1.example.com/' });
    expect(res.error).toBeNull();
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({
      batch: [
        { success: true, changes: 1 },
        { success: true, changes: 1 },
        { success: true, changes: 1 },
      ],
      run: { success: true, changes: 1 },
      all: [
        { name: 'ada', plan: 'pro' },
        { name: 'bob', plan: 'team' },
        { name: 'cy', plan: 'pro' },
      ],
      first: { name: 'ada' },
      firstCol: 3,
      raw: [
        [expect.any(Number), 'ada'],
        [expect.any(Number), 'bob'],
      ],
      rawCols: [['id', 'name'], [expect.any(Number), 'ada']],
      error: expect.stringMatching(/no such table: nowhere/),
    });
  });
});
