import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { esm, testEngine } from '../../support/lab-engine';

/**
 * Issue 19: workerd's entry port takes control operations (x-wfp-lab-op) only with the host's per-start secret.
 * Sent from outside, as any local process could: a raw fetch to the loopback entry port.
 */
const engine = testEngine();
let sandbox: Sandbox;

const NOSY = `export default { async fetch(request, env) {
  return Response.json({ headers: [...request.headers.keys()], env: Object.keys(env), text: await env.KV.get('k') });
} }`;

beforeAll(async () => {
  sandbox = await engine.create();
  const kv = await sandbox.createKvNamespace('data');
  await sandbox.uploadAccountWorker('nosy', esm(NOSY, [{ type: 'kv_namespace', name: 'KV', namespace_id: kv.id }]));
  await (await sandbox.kv(kv.id)).put('k', 'kept');
  expect((await sandbox.send({ url: 'https://nosy.example.com/', script: 'nosy' })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await engine.close();
});

describe('the workerd control channel', () => {
  test('every operation without the secret, or with a wrong one, is refused', async () => {
    const entry = sandbox.runtimeEntryUrl!;
    expect(entry).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const attempts: [string, Record<string, string>, string][] = [
      ['config', {}, JSON.stringify({ version: 99, workers: {}, accounts: {} })],
      ['kv', {}, JSON.stringify({ binding: 'KV_0', op: 'put', key: 'k', value: 'stolen' })],
      ['d1', {}, JSON.stringify({ binding: 'D1_0', sql: 'SELECT 1' })],
      ['records', { 'x-wfp-lab-run': 'x' }, '{}'],
      ['run', { 'x-wfp-lab-target': 'nosy', 'x-wfp-lab-version': '1' }, '{}'],
      ['probe', {}, '{}'],
      ['config', { 'x-wfp-lab-secret': 'guess'.repeat(10) }, '{}'],
      ['config', { 'x-wfp-lab-secret': '' }, '{}'],
    ];
    for (const [op, extra, body] of attempts) {
      const res = await fetch(entry, { method: 'POST', headers: { 'x-wfp-lab-op': op, 'content-type': 'application/json', ...extra }, body });
      expect(res.status, `${op} ${JSON.stringify(extra)}`).toBe(403);
      await res.body?.cancel();
    }
    const plain = await fetch(entry);
    expect(plain.status).toBe(403);
  });

  test('the sandbox is unharmed, and lab code sees neither the secret header nor the binding', async () => {
    const res = await sandbox.send({ url: 'https://nosy.example.com/', script: 'nosy', headers: { 'x-wfp-lab-secret': 'mine' } });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as { headers: string[]; env: string[]; text: string };
    expect(seen.text).toBe('kept');
    expect(seen.headers.filter((h) => h.startsWith('x-wfp-lab'))).toEqual([]);
    expect(seen.env).toEqual(['KV']);
  });
});
