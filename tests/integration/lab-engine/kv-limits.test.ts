import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { esm, testEngine } from '../../support/lab-engine';

// Workers KV's documented per-entry limits, as lab code meets them through its kv_namespace binding.
const engine = testEngine({ warmPoolSize: 0 });
let sb: Sandbox;
let kvId: string;

beforeAll(async () => {
  sb = await engine.create();
  kvId = (await sb.createKvNamespace('limits')).id;
  await sb.uploadAccountWorker(
    'kvw',
    esm(
      `export default {
  async fetch(request, env) {
    const u = new URL(request.url);
    const size = Number(u.searchParams.get('size') ?? 0);
    const key = 'k'.repeat(Number(u.searchParams.get('key') ?? 1));
    const meta = u.searchParams.has('meta') ? { m: 'x'.repeat(Number(u.searchParams.get('meta'))) } : undefined;
    try {
      await env.KV.put(key, 'v'.repeat(size), meta ? { metadata: meta } : undefined);
      const back = await env.KV.get(key);
      return new Response('ok ' + back.length);
    } catch (e) {
      return new Response(e.message, { status: 400 });
    }
  },
};`,
      [{ type: 'kv_namespace', name: 'KV', namespace_id: kvId }],
    ),
  );
}, 60_000);
afterAll(() => engine.close());

const send = (query: string) => sb.send({ script: 'kvw', url: `https://kv.example/?${query}` }, { timeoutMs: 30_000 });

test('a value of exactly 25 MiB is stored and read back; one byte more is refused with the runtime message', async () => {
  const max = 25 * 1024 * 1024;
  expect(await send(`size=${max}`)).toMatchObject({ status: 200, body: `ok ${max}` });
  const over = await send(`size=${max + 1}`);
  expect(over.status).toBe(400);
  expect(over.body).toContain(`Value length of ${max + 1} exceeds limit of ${max}`);
}, 60_000);

test('keys up to 512 bytes and metadata up to 1,024 bytes; beyond, the runtime messages', async () => {
  expect(await send('key=512')).toMatchObject({ status: 200, body: 'ok 0' });
  const longKey = await send('key=513');
  expect(longKey.body).toContain('UTF-8 encoded length of 513 exceeds key length limit of 512');
  expect(await send('meta=1000')).toMatchObject({ status: 200 });
  const bigMeta = await send('meta=1100');
  expect(bigMeta.body).toMatch(/Metadata length of \d+ exceeds limit of 1024/);
}, 60_000);
