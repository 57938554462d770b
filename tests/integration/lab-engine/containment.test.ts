import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { dispatchBinding, esm, SUBDOMAIN_DISPATCHER, testEngine } from '../../support/lab-engine';

const RUN_TIMEOUT_MS = 2_000;
const engine = testEngine({ limits: { runTimeoutMs: RUN_TIMEOUT_MS, memoryLimitBytes: 400 * 1024 * 1024, maxBodyBytes: 64 * 1024, maxLogLines: 100 } });
let sandbox: Sandbox;
let neighbour: Sandbox;
let labServer: Server;
let labServerHits = 0;

const tenants: Record<string, string> = {
  loop: `export default { fetch() { while (true) {} } }`,
  recursion: `function dive(n) { return dive(n + 1) + 1; } export default { fetch() { return new Response(String(dive(0))); } }`,
  hog: `export default { fetch() { const keep = []; while (true) keep.push(new Array(1e6).fill(Math.random())); } }`,
  huge: `export default { fetch() { return new Response('x'.repeat(5 * 1024 * 1024)); } }`,
  endless: `export default { fetch() { const chunk = new TextEncoder().encode('y'.repeat(65536));
    return new Response(new ReadableStream({ pull(c) { c.enqueue(chunk); } })); } }`,
  flood: `export default { fetch() { for (let i = 0; i < 100000; i++) console.log('line', i); return new Response('flooded'); } }`,
  hang: `export default { fetch() { return new Promise(() => setInterval(() => console.log('still waiting'), 500)); } }`,
  stuck: `export default { fetch() { return new Promise(() => {}); } }`,
  ok: `export default { async fetch(req, env) { return new Response('ok ' + (await env.KV.get('kept'))); } }`,
};

beforeAll(async () => {
  labServer = createServer((_req, res) => {
    labServerHits++;
    res.end('lab server answered');
  });
  await new Promise<void>((r) => labServer.listen(0, '127.0.0.1', r));
  const port = (labServer.address() as AddressInfo).port;
  tenants.loopback = `export default { async fetch() {
    const targets = ['http://127.0.0.1:${port}/', 'http://localhost:${port}/api/sandboxes', 'http://[::1]:${port}/', 'https://example.com/'];
    const out = [];
    for (const t of targets) { const r = await fetch(t); out.push(r.status + ' ' + (await r.text()).slice(0, 40)); }
    return Response.json(out);
  } }`;

  sandbox = await engine.create();
  neighbour = await engine.create();
  for (const s of [sandbox, neighbour]) {
    await s.createNamespace('production');
    await s.uploadAccountWorker('dispatcher', esm(SUBDOMAIN_DISPATCHER, [dispatchBinding()]));
  }
  const kv = await sandbox.createKvNamespace('data');
  for (const [name, code] of Object.entries(tenants))
    await sandbox.uploadUserWorker('production', name, esm(code, name === 'ok' ? [{ type: 'kv_namespace', name: 'KV', namespace_id: kv.id }] : []));
  await neighbour.uploadUserWorker('production', 'ok', esm(`export default { fetch() { return new Response('neighbour ok'); } }`));
  await (await sandbox.kv(kv.id)).put('kept', 'yes');
  await neighbour.warm();
});
afterAll(async () => {
  await engine.close();
  labServer.close();
});

const send = (s: Sandbox, tenant: string) => s.send({ method: 'GET', url: `https://${tenant}.example.com/` });

describe('runaway code is stopped with a clear message and the sandbox recovers', () => {
  test('an infinite loop hits the CPU watchdog, and a loop in one sandbox does not stall another', async () => {
    const started = Date.now();
    const looping = send(sandbox, 'loop');
    await new Promise((r) => setTimeout(r, 300));
    const neighbourStarted = Date.now();
    const other = await send(neighbour, 'ok');
    const neighbourMs = Date.now() - neighbourStarted;
    const res = await looping;
    expect(other.body, JSON.stringify(other.error)).toBe('neighbour ok');
    expect(neighbourMs).toBeLessThan(RUN_TIMEOUT_MS);
    expect(res.error?.kind).toBe('cpu');
    expect(res.error?.message).toMatch(/CPU/);
    expect(Date.now() - started).toBeLessThan(RUN_TIMEOUT_MS + 3_000);
    const after = await send(sandbox, 'ok');
    expect(after.body).toBe('ok yes');
  });

  test('deep recursion becomes an exception the dispatcher can handle', async () => {
    const res = await send(sandbox, 'recursion');
    expect(res.error).toBeNull();
    expect(res.status).toBe(500);
    expect(res.body).toMatch(/Maximum call stack size exceeded/);
    expect(res.logs).toContainEqual(expect.objectContaining({ worker: 'recursion', level: 'error' }));
  });

  test('a memory hog is stopped before it takes the machine, and the sandbox restarts', async () => {
    const res = await send(sandbox, 'hog');
    expect(['memory', 'crash']).toContain(res.error?.kind);
    expect(res.error?.message).toMatch(/memory/i);
    expect((await send(sandbox, 'ok')).body).toBe('ok yes');
  });

  test('a script that never responds is cancelled after the time budget', async () => {
    const started = Date.now();
    const res = await send(sandbox, 'hang');
    expect(res.error?.kind).toBe('timeout');
    expect(res.error?.message).toMatch(/never/);
    expect(Date.now() - started).toBeLessThan(RUN_TIMEOUT_MS + 2_000);
    await new Promise((r) => setTimeout(r, 600));
    const next = await send(sandbox, 'ok');
    expect(next.body).toBe('ok yes');
    // The hung invocation's timer logged every 500 ms; none of it may reach later runs.
    expect(next.logs.filter((l) => l.worker === 'hang')).toEqual([]);
  });

  test('a loop at module scope is refused at upload within the time budget, and the sandbox keeps working', async () => {
    const upload = sandbox.uploadUserWorker('production', 'toplevel', esm(`while (true) {} export default { fetch() { return new Response('never'); } }`));
    await expect(upload).rejects.toMatchObject({ code: 'script_invalid', status: 400, message: expect.stringMatching(/startup exceeded CPU time limit/) });
    await sandbox.uploadUserWorker('production', 'toplevel', esm(`export default { fetch() { return new Response('fixed at last'); } }`));
    expect((await send(sandbox, 'toplevel')).body).toBe('fixed at last');
    expect((await send(sandbox, 'ok')).body).toBe('ok yes');
  });

  test('a promise that can never settle is detected by the runtime at once, as on Cloudflare', async () => {
    const res = await send(sandbox, 'stuck');
    expect(res.status).toBe(500);
    expect(res.body).toMatch(/never generate a response/);
  });
});

describe('output is capped and says so', () => {
  test('a huge response body is cut at the cap', async () => {
    const res = await send(sandbox, 'huge');
    expect(res.bodyTruncated).toBe(true);
    expect(res.body.length).toBe(64 * 1024);
    expect(res.logs.at(-1)?.message).toMatch(/response body was cut/);
  });

  test('an endless streamed body is cut too', async () => {
    const res = await send(sandbox, 'endless');
    expect(res.bodyTruncated).toBe(true);
    expect(res.body.length).toBe(64 * 1024);
  });

  test('a log flood is cut and reported', async () => {
    const res = await send(sandbox, 'flood');
    expect(res.body).toBe('flooded');
    expect(res.logsTruncated).toBe(true);
    expect(res.logs.length).toBeLessThanOrEqual(102);
    expect(res.logs.some((l) => /cut/.test(l.message))).toBe(true);
  });
});

describe('network egress', () => {
  test('loopback, the lab server and the Internet are unreachable from lab code', async () => {
    const res = await send(sandbox, 'loopback');
    const results = JSON.parse(res.body) as string[];
    expect(results).toHaveLength(4);
    for (const r of results) expect(r).toMatch(/^502 Blocked by the lab sandbox/);
    expect(labServerHits).toBe(0);
    expect(res.trace.hops.filter((h) => h.origin === 'blocked')).toHaveLength(4);
  });
});

describe('input validation', () => {
  test('script names follow the platform rules', async () => {
    await expect(sandbox.uploadUserWorker('production', 'Acme', esm('export default {}'))).rejects.toMatchObject({ code: 'invalid_script_name', status: 400 });
    await expect(sandbox.uploadUserWorker('production', '-acme', esm('export default {}'))).rejects.toMatchObject({ code: 'invalid_script_name' });
  });

  test('metadata and modules are validated with clear messages', async () => {
    const tooManyTags = esm('export default {}', [], { tags: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    await expect(sandbox.uploadUserWorker('production', 'tags', tooManyTags)).rejects.toThrow(/at most 8 tags/);
    const wrongMain = { metadata: { main_module: 'main.js' }, modules: [{ name: 'index.js', content: '' }] };
    await expect(sandbox.uploadUserWorker('production', 'main', wrongMain)).rejects.toThrow(/main_module "main.js" is not one of the uploaded modules/);
    const many = { metadata: { main_module: 'm0.js' }, modules: Array.from({ length: 40 }, (_, i) => ({ name: `m${i}.js`, content: '' })) };
    await expect(sandbox.uploadUserWorker('production', 'many', many)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sandbox.send({ method: 'GET', url: 'ftp://x.example.com/' })).rejects.toMatchObject({ status: 400 });
  });

  test('a syntax error is refused at upload with its file, line and column, and fixing it recovers', async () => {
    const upload = sandbox.uploadUserWorker('production', 'broken', {
      metadata: { main_module: 'src/index.js', compatibility_date: '2026-07-01' },
      modules: [{ name: 'src/index.js', content: 'export default {\n  fetch() {\n    return new Response("x"\n  }\n};' }],
    });
    await expect(upload).rejects.toMatchObject({
      code: 'script_invalid',
      status: 400,
      message: expect.stringMatching(/^Uncaught SyntaxError: .+ at src\/index\.js:3:\d+$/),
      details: { file: 'src/index.js', line: 3 },
    });
    await sandbox.uploadUserWorker('production', 'broken', esm(`export default { fetch() { return new Response('fixed'); } }`));
    expect((await send(sandbox, 'broken')).body).toBe('fixed');
  });
});

test('the pool is bounded and says so plainly', async () => {
  const small = testEngine({ maxSandboxes: 1 });
  try {
    await small.create();
    await expect(small.create()).rejects.toThrow(/lab server is full: 1 lab sandboxes/);
  } finally {
    await small.close();
  }
});
