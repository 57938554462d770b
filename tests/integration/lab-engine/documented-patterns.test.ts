import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { dispatchBinding, esm, testEngine } from '../../support/lab-engine';

// Dispatch Workers written the way Cloudflare's docs write them (see shared/wfp-facts.md §2, §6, §11).
const PATH_ROUTING = `
export default {
  async fetch(request, env) {
    try {
      const workerName = new URL(request.url).pathname.split('/')[1];
      const userWorker = env.DISPATCHER.get(workerName);
      return await userWorker.fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) {
        return new Response('', { status: 404 });
      }
      return new Response(e.message, { status: 500 });
    }
  },
};`;

const KV_TABLE_ROUTING = `
export default {
  async fetch(request, env) {
    const hostname = new URL(request.url).hostname;
    const scriptName = await env.ROUTES.get(hostname);
    if (!scriptName) return new Response('Unknown host', { status: 404 });
    try {
      return await env.DISPATCHER.get(scriptName).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('', { status: 404 });
      return new Response(e.message, { status: 500 });
    }
  },
};`;

const CUSTOM_LIMITS = `
export default {
  async fetch(request, env) {
    try {
      const userWorker = env.DISPATCHER.get('customer-worker-1', {}, { limits: { cpuMs: 10, subRequests: 5 } });
      return await userWorker.fetch(request);
    } catch (e) {
      if (e.message.includes('CPU time limit')) {
        return new Response('CPU limit exceeded', { status: 429 });
      }
      return new Response(e.message, { status: 500 });
    }
  },
};`;

const engine = testEngine();
let sandbox: Sandbox;
let routes: string;

beforeAll(async () => {
  sandbox = await engine.create();
  routes = (await sandbox.createKvNamespace('routes')).id;
  await sandbox.createNamespace('production');
  await sandbox.uploadAccountWorker('path-router', esm(PATH_ROUTING, [dispatchBinding()]));
  await sandbox.uploadAccountWorker('kv-router', esm(KV_TABLE_ROUTING, [dispatchBinding(), { type: 'kv_namespace', name: 'ROUTES', namespace_id: routes }]));
  await sandbox.uploadAccountWorker('limits-router', esm(CUSTOM_LIMITS, [dispatchBinding()]));
  await sandbox.uploadUserWorker('production', 'customer-a', esm(`export default { fetch(r) { return new Response('A at ' + new URL(r.url).pathname); } }`));
  await sandbox.uploadUserWorker('production', 'customer-b', esm(`export default { fetch() { return new Response('B'); } }`));
  await sandbox.uploadUserWorker(
    'production',
    'customer-worker-1',
    esm(`export default { fetch(r) { if (new URL(r.url).pathname === '/heavy') { const end = Date.now() + 100; while (Date.now() < end) {} } return new Response('light work'); } }`),
  );
  const kv = await sandbox.kv(routes);
  await kv.put('shop.acme.example', 'customer-a');
});
afterAll(() => engine.close());

describe('documented dispatcher patterns', () => {
  test('path-based routing passes the full path through and 404s unknown Workers', async () => {
    expect((await sandbox.send({ script: 'path-router', url: 'https://platform.example/customer-a/cart' })).body).toBe('A at /customer-a/cart');
    expect((await sandbox.send({ script: 'path-router', url: 'https://platform.example/customer-b' })).body).toBe('B');
    expect((await sandbox.send({ script: 'path-router', url: 'https://platform.example/nobody' })).status).toBe(404);
  });

  test('a KV hostname table changes routing without redeploying the dispatcher', async () => {
    expect((await sandbox.send({ script: 'kv-router', url: 'https://shop.acme.example/' })).body).toBe('A at /');
    expect((await sandbox.send({ script: 'kv-router', url: 'https://new.example/' })).status).toBe(404);
    await (await sandbox.kv(routes)).put('new.example', 'customer-b');
    expect((await sandbox.send({ script: 'kv-router', url: 'https://new.example/' })).body).toBe('B');
    await (await sandbox.kv(routes)).put('gone.example', 'deleted-customer');
    expect((await sandbox.send({ script: 'kv-router', url: 'https://gone.example/' })).status).toBe(404);
  });

  test('custom limits: light requests pass, a CPU-heavy one gets the docs\' 429', async () => {
    expect((await sandbox.send({ script: 'limits-router', url: 'https://x.example/' })).body).toBe('light work');
    const heavy = await sandbox.send({ script: 'limits-router', url: 'https://x.example/heavy' });
    expect(heavy.status).toBe(429);
    expect(heavy.body).toBe('CPU limit exceeded');
  });
});
