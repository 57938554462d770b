import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { dispatchBinding, esm, SUBDOMAIN_DISPATCHER, testEngine } from '../../support/lab-engine';

const engine = testEngine();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await engine.create();
  await sandbox.createNamespace('production');
  await sandbox.uploadAccountWorker('dispatcher', esm(SUBDOMAIN_DISPATCHER, [dispatchBinding()]));
  await sandbox.uploadUserWorker('production', 'acme-corp', esm(`export default { fetch(req) { console.log('acme saw', new URL(req.url).pathname); return new Response('hello from acme'); } }`));
  await sandbox.uploadUserWorker('production', 'globex', esm(`export default { fetch() { return new Response('hello from globex', { headers: { 'x-tenant': 'globex' } }); } }`));
});
afterAll(() => engine.close());

describe('dynamic dispatch through a dispatch namespace binding', () => {
  test('routes by subdomain to the user Worker with the exact URL and Host', async () => {
    const res = await sandbox.send({ method: 'GET', url: 'https://acme-corp.example.com/api' });
    expect(res.error).toBeNull();
    expect(res.status).toBe(200);
    expect(res.body).toBe('hello from acme');
    expect(res.logs).toContainEqual(expect.objectContaining({ worker: 'acme-corp', level: 'log', message: 'acme saw /api' }));
    const globex = await sandbox.send({ method: 'GET', url: 'https://globex.example.com/' });
    expect(globex.body).toBe('hello from globex');
    expect(globex.headers['x-tenant']).toBe('globex');
  });

  test('the trace shows dispatcher then user Worker, billed as one request', async () => {
    const res = await sandbox.send({ method: 'GET', url: 'https://acme-corp.example.com/api' });
    expect(res.trace.hops.map((h) => [h.kind, h.worker, h.status])).toEqual([
      ['dispatcher', 'dispatcher', 200],
      ['user', 'acme-corp', 200],
    ]);
    expect(res.trace.hops[1]!.namespace).toBe('production');
    expect(res.trace.billing.requests).toBe(1);
    expect(res.trace.billing.cpuMs).toBeGreaterThanOrEqual(0);
  });

  test('an unknown customer fails at fetch() with "Worker not found", which the docs pattern turns into 404', async () => {
    const res = await sandbox.send({ method: 'GET', url: 'https://initech.example.com/' });
    expect(res.status).toBe(404);
  });
});
