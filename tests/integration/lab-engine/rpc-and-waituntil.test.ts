import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { dispatchBinding, esm, testEngine } from '../../support/lab-engine';

// RPC calls through a dispatch namespace are invocations with their own trace hop, and tail consumers get
// the trace item only once ctx.waitUntil() work ended, with what that work logged (as on the platform).
const engine = testEngine({ warmPoolSize: 0 });
let sb: Sandbox;
let kvId: string;

const TAIL = `export default {
  async tail(events, env) {
    const seen = JSON.parse((await env.SEEN.get('events')) ?? '[]');
    for (const e of events) seen.push({ scriptName: e.scriptName, outcome: e.outcome, rpc: e.event?.rpcMethod ?? null, logs: e.logs.map((l) => l.message.join(' ')), exceptions: e.exceptions.map((x) => x.name + ': ' + x.message) });
    await env.SEEN.put('events', JSON.stringify(seen));
  },
};`;

const DISPATCHER = `export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === '/rpc') {
      const sum = await env.DISPATCHER.get('calc').add(2, 3);
      let failure = null;
      try { await env.DISPATCHER.get('calc').explode(); } catch (e) { failure = e.message; }
      return Response.json({ sum, failure });
    }
    ctx.waitUntil((async () => {
      await new Promise((r) => setTimeout(r, 150));
      console.log('background work done');
    })());
    ctx.waitUntil(Promise.reject(new Error('background failure')));
    return new Response('answered before the background work');
  },
};`;

const CALC = `import { WorkerEntrypoint } from 'cloudflare:workers';
export default class extends WorkerEntrypoint {
  async add(a, b) { let x = 0; for (let i = 0; i < 1e5; i++) x += i; console.log('adding', a, b); return a + b; }
  async explode() { throw new RangeError('calc exploded'); }
}`;

beforeAll(async () => {
  sb = await engine.create();
  kvId = (await sb.createKvNamespace('seen')).id;
  await sb.createNamespace('production');
  await sb.uploadUserWorker('production', 'calc', esm(CALC));
  await sb.uploadAccountWorker('tails', esm(TAIL, [{ type: 'kv_namespace', name: 'SEEN', namespace_id: kvId }]));
  await sb.uploadAccountWorker('dispatcher', esm(DISPATCHER, [dispatchBinding()], { tail_consumers: [{ service: 'tails' }] }));
}, 60_000);
afterAll(() => engine.close());

const seen = async () => JSON.parse((await (await sb.kv(kvId)).get('events')) ?? '[]') as Array<Record<string, unknown>>;

test('each RPC call through the namespace is a trace hop with duration, CPU and its error', async () => {
  const run = await sb.send({ script: 'dispatcher', url: 'https://platform.example/rpc' });
  expect(JSON.parse(run.body)).toEqual({ sum: 5, failure: 'calc exploded' });
  const rpc = run.trace.hops.filter((h) => h.worker === 'calc');
  expect(rpc).toHaveLength(2);
  expect(rpc[0]).toMatchObject({ kind: 'user', namespace: 'production', rpcMethod: 'add', error: null });
  expect(rpc[1]).toMatchObject({ kind: 'user', rpcMethod: 'explode', error: 'RangeError: calc exploded' });
  for (const hop of rpc) {
    expect(hop.durationMs).toBeGreaterThanOrEqual(0);
    expect(typeof hop.cpuMs).toBe('number');
  }
  expect(run.trace.billing.cpuMs).toBeGreaterThanOrEqual(rpc[0]!.cpuMs!);
  expect(run.logs).toContainEqual(expect.objectContaining({ worker: 'calc', message: 'adding 2 3' }));
  const events = await seen();
  // The dispatcher's tail consumers get its user Workers' items too: RPC invocations carry event.rpcMethod.
  expect(events.filter((e) => e.scriptName === 'calc').map((e) => [e.rpc, e.outcome])).toEqual([
    ['add', 'ok'],
    ['explode', 'exception'],
  ]);
}, 60_000);

test('tail consumers get the trace item after waitUntil work that ends after the response, with its logs and errors', async () => {
  await (await sb.kv(kvId)).delete('events');
  const run = await sb.send({ script: 'dispatcher', url: 'https://platform.example/background' });
  expect(run.body).toBe('answered before the background work');
  expect(run.logs).toContainEqual(expect.objectContaining({ worker: 'dispatcher', message: 'background work done' }));
  const events = await seen();
  const mine = events.find((e) => e.scriptName === 'dispatcher');
  expect(mine).toMatchObject({ logs: ['background work done'], exceptions: ['Error: background failure'] });
}, 60_000);
