import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { dispatchBinding, esm, testEngine } from '../../support/lab-engine';

const engine = testEngine();
let sandbox: Sandbox;

/** A dispatcher that reports what the platform's binding does, as JSON. */
const PROBE_DISPATCHER = `
import { WorkerEntrypoint } from 'cloudflare:workers';
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.hostname.split('.')[0];
    const probe = url.pathname;
    if (probe === '/lazy') {
      const stub = env.DISPATCHER.get('does-not-exist');
      const result = { returnedSomething: !!stub, isPromise: stub instanceof Promise, ifNotFired: !stub ? 'fired' : 'never fires' };
      try { await stub.fetch(request); } catch (e) { result.fetchError = e.message; }
      try { await stub.add(1, 2); } catch (e) { result.rpcError = e.message; }
      return Response.json(result);
    }
    if (probe === '/rpc') return Response.json({ sum: await env.DISPATCHER.get(name).add(20, 22) });
    if (probe.startsWith('/limits/')) {
      const [, , cpuMs, subRequests] = probe.split('/');
      try {
        return await env.DISPATCHER.get(name, {}, { limits: { cpuMs: Number(cpuMs), subRequests: Number(subRequests) } }).fetch(request);
      } catch (e) {
        if (e.message.includes('CPU time limit')) return new Response('cpu: ' + e.message, { status: 429 });
        return new Response('other: ' + e.message, { status: 429 });
      }
    }
    if (probe === '/outbound') {
      return env.DISPATCHER.get(name, {}, { outbound: { customer: name, secret_header: 'k-123', undeclared: 'x' } }).fetch(request);
    }
    try {
      return await env.DISPATCHER.get(name).fetch(request);
    } catch (e) {
      return new Response(e.constructor.name + ': ' + e.message, { status: 500 });
    }
  },
};`;

const NOSY_TENANT = `
export default {
  async fetch(request, env) {
    globalThis.tenantSecret = 'nosy-' + Math.random();
    const cache = await caches.open('shared-name');
    await cache.put('https://cache.example/key', new Response('nosy cached'));
    let defaultCache;
    try { defaultCache = typeof caches.default; } catch (e) { defaultCache = 'error: ' + e.message; }
    return Response.json({ envKeys: Object.keys(env).sort(), cf: request.cf ?? null, defaultCache, ownKv: await env.OWN_KV?.get('greeting') });
  },
};`;

const VICTIM_TENANT = `
export default {
  async fetch(request, env) {
    const cache = await caches.open('shared-name');
    const hit = await cache.match('https://cache.example/key');
    return Response.json({ envKeys: Object.keys(env).sort(), otherGlobal: globalThis.tenantSecret ?? null, cacheHit: hit ? await hit.text() : null });
  },
};`;

beforeAll(async () => {
  sandbox = await engine.create();
  const kv = await sandbox.createKvNamespace('nosy-kv');
  const adminDb = await sandbox.createD1Database('admin');
  await sandbox.createNamespace('production');
  await sandbox.setStubOrigins([
    { origin: 'https://api.example.com', routes: [{ path: '/data', status: 200, body: 'stub data', headers: { 'content-type': 'text/plain' } }] },
  ]);
  await sandbox.uploadAccountWorker(
    'dispatcher',
    esm(PROBE_DISPATCHER, [
      dispatchBinding('production', { outbound: { worker: { service: 'egress-guard' }, params: [{ name: 'customer' }, { name: 'secret_header' }] } }),
      { type: 'secret_text', name: 'ADMIN_TOKEN', text: 'platform-secret' },
      { type: 'd1', name: 'ADMIN_DB', id: adminDb.uuid },
    ]),
  );
  await sandbox.uploadAccountWorker(
    'egress-guard',
    esm(`export default { async fetch(request, env) {
      console.log('outbound for', env.customer, 'undeclared:', env.undeclared ?? 'absent', request.url);
      const headers = new Headers(request.headers); headers.set('authorization', 'Bearer ' + env.secret_header);
      const res = await fetch(new Request(request, { headers }));
      return new Response(await res.text() + ' via outbound for ' + env.customer, { status: res.status });
    } }`),
  );
  await sandbox.uploadUserWorker('production', 'nosy', esm(NOSY_TENANT, [{ type: 'kv_namespace', name: 'OWN_KV', namespace_id: kv.id }]));
  await sandbox.uploadUserWorker('production', 'victim', esm(VICTIM_TENANT, [{ type: 'plain_text', name: 'PLAN', text: 'pro' }]));
  await sandbox.uploadUserWorker(
    'production',
    'calc',
    esm(`import { WorkerEntrypoint } from 'cloudflare:workers';
      export default class extends WorkerEntrypoint { async add(a, b) { return a + b; } async fetch() { return new Response('calc'); } }`),
  );
  await sandbox.uploadUserWorker(
    'production',
    'busy',
    esm(`export default { async fetch() { const end = Date.now() + 150; while (Date.now() < end) {} return new Response('done burning'); } }`),
  );
  await sandbox.uploadUserWorker(
    'production',
    'chatty',
    esm(`export default { async fetch() { for (let i = 0; i < 5; i++) await fetch('https://api.example.com/data'); return new Response('fetched 5'); } }`),
  );
  await sandbox.uploadUserWorker(
    'production',
    'egress',
    esm(`export default { async fetch() { const r = await fetch('https://api.example.com/data'); return new Response('tenant got: ' + await r.text()); } }`),
  );
  await (await sandbox.kv(kv.id)).put('greeting', 'hi nosy');
});
afterAll(() => engine.close());

describe("the dispatch binding's get()", () => {
  test('is synchronous and lazy: an unknown name fails only when used, with "Worker not found"', async () => {
    const res = await sandbox.send({ method: 'GET', url: 'https://x.example.com/lazy' });
    const body = JSON.parse(res.body);
    expect(body.returnedSomething).toBe(true);
    expect(body.isPromise).toBe(false);
    expect(body.ifNotFired).toBe('never fires');
    expect(body.fetchError).toMatch(/^Worker not found/);
    expect(body.rpcError).toMatch(/^Worker not found/);
  });

  test('calls a WorkerEntrypoint user Worker over RPC', async () => {
    const res = await sandbox.send({ method: 'GET', url: 'https://calc.example.com/rpc' });
    expect(JSON.parse(res.body)).toEqual({ sum: 42 });
  });
});

describe('isolation between the platform and tenants', () => {
  test("a user Worker sees only its own bindings, never the dispatcher's env", async () => {
    const nosy = JSON.parse((await sandbox.send({ method: 'GET', url: 'https://nosy.example.com/' })).body);
    expect(nosy.envKeys).toEqual(['OWN_KV']);
    expect(nosy.ownKv).toBe('hi nosy');
    const victim = JSON.parse((await sandbox.send({ method: 'GET', url: 'https://victim.example.com/' })).body);
    expect(victim.envKeys).toEqual(['PLAN']);
  });

  test("a tenant cannot read another tenant's globals or cache", async () => {
    await sandbox.send({ method: 'GET', url: 'https://nosy.example.com/' });
    const victim = JSON.parse((await sandbox.send({ method: 'GET', url: 'https://victim.example.com/' })).body);
    expect(victim.otherGlobal).toBeNull();
    expect(victim.cacheHit).toBeNull();
  });

  test('user Workers run in untrusted mode: no request.cf, no caches.default', async () => {
    const nosy = JSON.parse((await sandbox.send({ method: 'GET', url: 'https://nosy.example.com/' })).body);
    expect(nosy.cf).toBeNull();
    expect(nosy.defaultCache).toMatch(/^error: caches.default is not available/);
  });
});

describe('custom limits', () => {
  test('subRequests is enforced exactly and surfaces in the dispatcher', async () => {
    const ok = await sandbox.send({ method: 'GET', url: 'https://chatty.example.com/limits/1000/5' });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('fetched 5');
    const over = await sandbox.send({ method: 'GET', url: 'https://chatty.example.com/limits/1000/4' });
    expect(over.status).toBe(429);
    expect(over.body).toBe('other: Too many subrequests by single Worker invocation.');
    const hop = over.trace.hops.find((h) => h.worker === 'chatty')!;
    expect(hop.violation).toBe('subrequests');
    expect(hop.subrequests).toBe(5);
  });

  test('cpuMs is enforced as measured locally and matches the docs\' "CPU time limit" check', async () => {
    const over = await sandbox.send({ method: 'GET', url: 'https://busy.example.com/limits/20/50' });
    expect(over.status).toBe(429);
    expect(over.body).toBe('cpu: Worker exceeded CPU time limit.');
    expect(over.trace.hops.find((h) => h.worker === 'busy')!.cpuMs).toBeGreaterThan(100);
    const within = await sandbox.send({ method: 'GET', url: 'https://busy.example.com/limits/2000/50' });
    expect(within.body).toBe('done burning');
  });
});

describe('outbound Workers', () => {
  test("intercept a user Worker's fetch() and receive declared parameters as env", async () => {
    const res = await sandbox.send({ method: 'GET', url: 'https://egress.example.com/outbound' });
    expect(res.body).toBe('tenant got: stub data via outbound for egress');
    expect(res.logs).toContainEqual(
      expect.objectContaining({ worker: 'egress-guard', message: 'outbound for egress undeclared: absent https://api.example.com/data' }),
    );
    expect(res.trace.hops.map((h) => h.kind)).toEqual(['dispatcher', 'user', 'outbound', 'origin']);
    expect(res.trace.hops[3]).toMatchObject({ origin: 'stub', via: 'egress-guard', status: 200 });
  });
});
