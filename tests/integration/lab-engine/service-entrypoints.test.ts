import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { esm, testEngine } from '../../support/lab-engine';

// Service bindings between account Workers, to the default export or a named WorkerEntrypoint, which
// sees its own bindings through the same facades as the default export.
const engine = testEngine();
let sandbox: Sandbox;

const ADMIN = `import { WorkerEntrypoint } from 'cloudflare:workers';
export class Admin extends WorkerEntrypoint {
  async plan(customer) { return (await this.env.PLANS.get(customer)) ?? 'free'; }
  async fetch(request) { return new Response('admin entrypoint for ' + new URL(request.url).pathname); }
}
export default { fetch() { return new Response('admin default'); } };`;

const GATEWAY = `export default { async fetch(request, env) {
  return Response.json({
    plan: await env.ADMIN.plan('acme'),
    viaFetch: await (await env.ADMIN.fetch('https://admin.internal/stats')).text(),
    viaDefault: await (await env.ADMIN_DEFAULT.fetch('https://admin.internal/')).text(),
  });
} }`;

beforeAll(async () => {
  sandbox = await engine.create();
  const plans = await sandbox.createKvNamespace('plans');
  await (await sandbox.kv(plans.id)).put('acme', 'enterprise');
  await sandbox.uploadAccountWorker('admin', esm(ADMIN, [{ type: 'kv_namespace', name: 'PLANS', namespace_id: plans.id }]));
  await sandbox.uploadAccountWorker(
    'gateway',
    esm(GATEWAY, [
      { type: 'service', name: 'ADMIN', service: 'admin', entrypoint: 'Admin' },
      { type: 'service', name: 'ADMIN_DEFAULT', service: 'admin' },
    ]),
  );
});
afterAll(() => engine.close());

test('a service binding reaches a named entrypoint (RPC and fetch) and the default export', async () => {
  const res = await sandbox.send({ script: 'gateway', url: 'https://gateway.example.com/' });
  expect(res.error).toBeNull();
  expect(JSON.parse(res.body)).toEqual({ plan: 'enterprise', viaFetch: 'admin entrypoint for /stats', viaDefault: 'admin default' });
});
