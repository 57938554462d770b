import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';

/**
 * Issue #10's reproduction: a runaway recursive D1 query through a sandbox's Cloudflare API, then a second
 * query 1 s later, used to leave Node blocked with every route dead until kill -9. The server must keep
 * answering, for everyone: /api/health, the sandbox that sent the query, and another sandbox.
 */
let server: CourseServer;
beforeAll(async () => {
  server = await startCourseServer({ env: { LAB_WARM_POOL: '0', LAB_RUN_TIMEOUT_MS: '2000' } });
});
afterAll(async () => {
  // A blocked server ignores SIGTERM, and this test must not leave one behind.
  if (server && server.process.exitCode === null && server.process.signalCode === null) server.process.kill('SIGKILL');
  await server?.stop();
});

interface Info {
  id: string;
  token: string;
  accountId: string;
  apiBase: string;
}
const createSandbox = async (): Promise<Info> => {
  const res = await fetch(`${server.url}/api/sandboxes`, { method: 'POST', headers: { origin: server.url } });
  expect(res.status).toBe(201);
  return (await res.json()) as Info;
};
const api = (s: Info, path: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${s.apiBase}/accounts/${s.accountId}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
const send = (s: Info, body: unknown) =>
  fetch(`${server.url}/api/sandboxes/${s.id}/requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });

/** One timed probe; a probe that never answers (within a generous 15 s) counts as failed, not as a hang of the test. */
async function probe(name: string, fn: () => Promise<Response>) {
  const started = performance.now();
  try {
    const res = await fn();
    await res.arrayBuffer();
    return { name, ok: res.status < 500, status: res.status, ms: performance.now() - started };
  } catch (error) {
    return { name, ok: false, status: 0, ms: performance.now() - started, error: String(error) };
  }
}

test('a runaway recursive D1 query does not stop the server: health, that sandbox and another keep answering', async () => {
  const [victim, neighbour] = [await createSandbox(), await createSandbox()];
  const db = ((await (await api(victim, '/d1/database', { name: 'runaway' })).json()) as { result: { uuid: string } }).result;
  expect(db.uuid).toEqual(expect.any(String));
  const worker = `export default { fetch() { return new Response('neighbour ok'); } }`;
  const form = new FormData();
  form.append('metadata', JSON.stringify({ main_module: 'main.js', compatibility_date: '2026-07-01' }));
  form.append('main.js', new Blob([worker], { type: 'application/javascript+module' }), 'main.js');
  const upload = await fetch(`${neighbour.apiBase}/accounts/${neighbour.accountId}/workers/scripts/hello`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${neighbour.token}` },
    body: form,
  });
  expect(upload.status).toBeLessThan(300);
  expect((await send(neighbour, { url: 'https://hello.example.com/' })).status).toBe(200);

  const sql = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c';
  const abort = new AbortController();
  const first = api(victim, `/d1/database/${db.uuid}/query`, { sql }, abort.signal).then((r) => r.status, () => 0);
  const probes: Array<Promise<Awaited<ReturnType<typeof probe>>>> = [];
  const started = performance.now();
  let second: Promise<number> | null = null;
  // Probe every 250 ms for 8 s: health, the victim's own sandbox API, and the neighbour's Worker.
  while (performance.now() - started < 8_000) {
    if (!second && performance.now() - started > 1_000) second = api(victim, `/d1/database/${db.uuid}/query`, { sql: 'SELECT 1' }, abort.signal).then((r) => r.status, () => 0);
    probes.push(probe('health', () => fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(15_000) })));
    probes.push(probe('victim', () => fetch(`${victim.apiBase}/accounts/${victim.accountId}/d1/database`, { headers: { authorization: `Bearer ${victim.token}` }, signal: AbortSignal.timeout(15_000) })));
    probes.push(probe('neighbour', () => send(neighbour, { url: 'https://hello.example.com/' })));
    await new Promise((r) => setTimeout(r, 250));
  }
  const results = await Promise.all(probes);
  abort.abort();
  await Promise.all([first, second]);

  const slowest = (name: string) => Math.max(...results.filter((r) => r.name === name).map((r) => r.ms));
  console.log(`[d1-hang] slowest answers: health ${slowest('health').toFixed(0)} ms, victim ${slowest('victim').toFixed(0)} ms, neighbour ${slowest('neighbour').toFixed(0)} ms`);
  for (const r of results) expect(r, `${r.name} answered`).toMatchObject({ ok: true });
  // The one threshold: /api/health within 1 s throughout.
  expect(slowest('health')).toBeLessThan(1_000);
}, 90_000);
