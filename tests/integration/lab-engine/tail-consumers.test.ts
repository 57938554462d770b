import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { dispatchBinding, esm, SUBDOMAIN_DISPATCHER, testEngine } from '../../support/lab-engine';

const engine = testEngine();
let sandbox: Sandbox;
let kvId: string;

// A tail Worker that keeps what it received in KV, so the test can read it back.
const TAIL = `export default {
  async tail(events, env) {
    console.log('tail got', events.length);
    const summary = events.map((e) => ({ scriptName: e.scriptName, ns: e.dispatchNamespace ?? null, outcome: e.outcome, status: e.event?.response?.status ?? null,
      url: e.event?.request?.url, logs: e.logs.map((l) => l.message.join(' ')), exceptions: e.exceptions.map((x) => x.name + ': ' + x.message) }));
    const previous = JSON.parse((await env.SEEN.get('events')) ?? '[]');
    await env.SEEN.put('events', JSON.stringify([...previous, ...summary]));
  },
};`;

beforeAll(async () => {
  sandbox = await engine.create();
  kvId = (await sandbox.createKvNamespace('seen')).id;
  await sandbox.createNamespace('production');
  await sandbox.uploadAccountWorker('tail-worker', esm(TAIL, [{ type: 'kv_namespace', name: 'SEEN', namespace_id: kvId }]));
  await sandbox.uploadAccountWorker('dispatcher', esm(SUBDOMAIN_DISPATCHER, [dispatchBinding()], { tail_consumers: [{ service: 'tail-worker' }] }));
  await sandbox.uploadUserWorker('production', 'acme', esm(`export default { fetch() { console.log('acme says hi'); return new Response('acme'); } }`));
  await sandbox.uploadUserWorker('production', 'broken', esm(`export default { fetch() { throw new TypeError('broken on purpose'); } }`));
});
afterAll(() => engine.close());

test("tail_consumers: the consumer's tail() gets the dispatcher's and its user Workers' trace items", async () => {
  const ok = await sandbox.send({ url: 'https://acme.example.com/hello' });
  expect(ok.body).toBe('acme');
  expect(ok.logs).toContainEqual(expect.objectContaining({ worker: 'tail-worker', message: 'tail got 2' }));
  await sandbox.send({ url: 'https://broken.example.com/' });
  const events = JSON.parse((await (await sandbox.kv(kvId)).get('events'))!);
  expect(events).toEqual([
    { scriptName: 'acme', ns: 'production', outcome: 'ok', status: 200, url: 'https://acme.example.com/hello', logs: ['acme says hi'], exceptions: [] },
    { scriptName: 'dispatcher', ns: null, outcome: 'ok', status: 200, url: 'https://acme.example.com/hello', logs: [], exceptions: [] },
    { scriptName: 'broken', ns: 'production', outcome: 'exception', status: null, url: 'https://broken.example.com/', logs: [], exceptions: ['TypeError: broken on purpose'] },
    { scriptName: 'dispatcher', ns: null, outcome: 'ok', status: 500, url: 'https://broken.example.com/', logs: [], exceptions: [] },
  ]);
});
