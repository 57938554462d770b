import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { inSandboxCloudflareApi } from '../../../src/server/lab-api/cloudflare-api-routes';
import { createRateLimiter } from '../../../src/server/lab-api/rate-limit';
import { dispatchBinding, esm, SUBDOMAIN_DISPATCHER, testEngine } from '../../support/lab-engine';

// The Rate Limiting binding (`ratelimit` in Cloudflare's upload metadata): limit({ key }) resolves to
// { success }, counted per namespace_id and key over the binding's period.
const engine = testEngine();
let sandbox: Sandbox;

const LIMITED = `export default { async fetch(request, env) {
  const url = new URL(request.url);
  const key = url.searchParams.get('key') ?? '';
  if (url.pathname === '/bad') {
    const errors = [];
    for (const arg of [undefined, 'plain', { key: 1 }, { key: 'a', limit: 5 }]) {
      try { await env.LIMITER.limit(arg); errors.push(null); } catch (e) { errors.push(e.message); }
    }
    return Response.json(errors);
  }
  const { success } = await env.LIMITER.limit({ key });
  return new Response(success ? 'ok' : 'limited', { status: success ? 200 : 429 });
} }`;

const limiter = (namespace_id: string, limit: number) => ({ type: 'ratelimit' as const, name: 'LIMITER', namespace_id, simple: { limit, period: 60 as const } });

beforeAll(async () => {
  sandbox = await engine.create();
  await sandbox.createNamespace('production');
  await sandbox.uploadAccountWorker('dispatcher', esm(SUBDOMAIN_DISPATCHER, [dispatchBinding()]));
  await sandbox.uploadUserWorker('production', 'three', esm(LIMITED, [limiter('1001', 3)]));
  await sandbox.uploadUserWorker('production', 'shared', esm(LIMITED, [limiter('1001', 3)]));
  await sandbox.uploadUserWorker('production', 'other', esm(LIMITED, [limiter('2002', 3)]));
});
afterAll(() => engine.close());

const status = async (host: string, key: string) => (await sandbox.send({ url: `https://${host}.example.com/?key=${key}` })).status;

describe('the Rate Limiting binding', () => {
  test('allows `limit` calls per key in the period, then answers success: false', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await status('three', 'a'));
    expect(results).toEqual([200, 200, 200, 429, 429]);
    // Another key has its own budget.
    expect(await status('three', 'b')).toBe(200);
  });

  test('Workers bound to the same namespace_id share counters; another namespace_id does not', async () => {
    for (let i = 0; i < 3; i++) await status('shared', 'c');
    expect(await status('three', 'c')).toBe(429);
    expect(await status('other', 'c')).toBe(200);
  });

  test('bad arguments throw, as on the platform', async () => {
    const res = await sandbox.send({ url: 'https://three.example.com/bad' });
    const errors = JSON.parse(res.body) as Array<string | null>;
    expect(errors.every((e) => typeof e === 'string' && e.length > 0)).toBe(true);
  });

  test('uploads through the sandbox\'s Cloudflare API accept the binding, list it, and refuse a bad period', async () => {
    const apiLimit = createRateLimiter({ capacity: 100, perSecond: 100 });
    const upload = (period: number) => {
      const form = new FormData();
      const metadata = { main_module: 'index.js', compatibility_date: '2026-07-01', bindings: [{ type: 'ratelimit', name: 'LIMITER', namespace_id: '3003', simple: { limit: 1, period } }] };
      form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }), 'metadata.json');
      form.append('index.js', new Blob([LIMITED], { type: 'application/javascript+module' }), 'index.js');
      const url = `https://api.cloudflare.com/client/v4/accounts/${sandbox.accountId}/workers/dispatch/namespaces/production/scripts/via-api`;
      return inSandboxCloudflareApi(sandbox, new Request(url, { method: 'PUT', body: form, headers: { authorization: `Bearer ${sandbox.token}` } }), apiLimit);
    };
    const bad = await upload(30);
    expect(bad.status).toBe(400);
    const ok = await upload(10);
    expect(ok.status, await ok.clone().text()).toBe(200);
    const bindings = await inSandboxCloudflareApi(
      sandbox,
      new Request(`https://api.cloudflare.com/client/v4/accounts/${sandbox.accountId}/workers/dispatch/namespaces/production/scripts/via-api/bindings`, { headers: { authorization: `Bearer ${sandbox.token}` } }),
      apiLimit,
    );
    expect((await bindings.json()).result).toEqual([{ type: 'ratelimit', name: 'LIMITER', namespace_id: '3003', simple: { limit: 1, period: 10 } }]);
    expect(await status('via-api', 'z')).toBe(200);
    expect(await status('via-api', 'z')).toBe(429);
  });
});
