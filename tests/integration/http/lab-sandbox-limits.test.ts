import { afterAll, describe, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { createClient } from '../../support/http-client';

const servers: CourseServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.stop())));
async function server(env: Record<string, string>) {
  const s = await startCourseServer({ env: { LAB_WARM_POOL: '0', ...env } });
  servers.push(s);
  return s;
}

/** A browser without an account: keeps every cookie it is given (the lab session one included). */
function visitor(base: string, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  return {
    jar,
    async post(path: string, json?: unknown) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { origin: base, 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      for (const set of res.headers.getSetCookie()) {
        const [pair] = set.split(';');
        const [k, v] = pair!.split('=');
        jar.set(k!, v!);
      }
      return res;
    },
  };
}

async function learner(base: string, email: string, headers: Record<string, string> = {}) {
  const client = createClient(base);
  expect((await client.signUp(email)).status).toBe(201);
  return { post: (path: string, json?: unknown) => client.request(path, { method: 'POST', json: json ?? {}, headers }) };
}

const LAB = '/api/labs/first-dispatch/sandbox';

describe('behind a reverse proxy (TRUST_PROXY=1)', () => {
  test('learners behind one school address each get sandboxes; the coarse address guard counts the forwarded address', async () => {
    const s = await server({ TRUST_PROXY: '1', LAB_CREATE_PER_ADDRESS_PER_MINUTE: '3', LAB_CREATE_PER_LEARNER_PER_MINUTE: '2', LAB_SANDBOXES_PER_LEARNER: '1' });
    const school = { 'x-forwarded-for': '198.51.100.7' };
    const ada = await learner(s.url, 'ada-proxy@example.com', school);
    const bob = await learner(s.url, 'bob-proxy@example.com', school);
    const first = await ada.post(LAB);
    expect(first.status).toBe(201);
    expect((await bob.post(LAB)).status).toBe(201);

    // Ada's second sandbox replaces her first; her third in a minute is over her own budget (429, with a message).
    const firstSandbox = (await first.json()) as { sandboxId: string; token: string };
    expect((await ada.post(LAB)).status).toBe(201);
    const gone = await fetch(`${s.url}/api/sandboxes/${firstSandbox.sandboxId}/requests`, {
      method: 'POST',
      headers: { origin: s.url, authorization: `Bearer ${firstSandbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://a.example.com/' }),
    });
    expect(gone.status).toBe(401);
    const overBudget = await ada.post(LAB);
    expect(overBudget.status).toBe(429);
    expect(((await overBudget.json()) as { error: { message: string } }).error.message).toMatch(/You started many lab sandboxes/);

    // The flood guard saw three creations from 198.51.100.7 (a learner's own 429 does not count), so a fourth learner there waits,
    // while a learner forwarded from another address is not affected: the header is believed.
    const carol = await learner(s.url, 'carol-proxy@example.com', school);
    const flood = await carol.post(LAB);
    expect(flood.status).toBe(429);
    expect(((await flood.json()) as { error: { message: string } }).error.message).toMatch(/network address/);
    const dan = await learner(s.url, 'dan-proxy@example.com', { 'x-forwarded-for': '203.0.113.9' });
    expect((await dan.post(LAB)).status).toBe(201);
  });
});

test('without TRUST_PROXY, X-Forwarded-For is ignored: the guard counts the real socket address', async () => {
  const s = await server({ LAB_CREATE_PER_ADDRESS_PER_MINUTE: '2' });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await visitor(s.url, { 'x-forwarded-for': `192.0.2.${i + 1}` }).post(LAB)).status);
  expect(statuses).toEqual([201, 201, 429]);
});

test('a full server queues learners with a position, then gives the sandbox; anonymous visitors keep to their share', async () => {
  const s = await server({ LAB_MAX_SANDBOXES: '3', LAB_ANON_SHARE: '0.34', LAB_RECLAIM_IDLE_SECONDS: '3600' });
  // Anonymous lab sessions: a cookie of their own, HttpOnly and SameSite=Lax.
  const anonA = visitor(s.url);
  const a = await anonA.post(LAB);
  expect(a.status).toBe(201);
  const setCookie = a.headers.getSetCookie().find((c) => c.startsWith('lab_session='))!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  const anonB = visitor(s.url);
  const b = await anonB.post(LAB);
  expect(b.status).toBe(202);
  expect(await b.json()).toMatchObject({ status: 'queued', position: 1, total: 1, ticket: expect.any(String), retryAfterMs: expect.any(Number) });

  // Signed-in learners are not crowded out by the waiting visitor.
  const l1 = await learner(s.url, 'l1-queue@example.com');
  const l2 = await learner(s.url, 'l2-queue@example.com');
  const l3 = await learner(s.url, 'l3-queue@example.com');
  const s1 = await l1.post(LAB);
  expect(s1.status).toBe(201);
  expect((await l2.post(LAB)).status).toBe(201);
  const q3 = await l3.post(LAB);
  expect(q3.status).toBe(202);
  const ticket3 = (await q3.json()) as { ticket: string; position: number; total: number };
  expect(ticket3).toMatchObject({ position: 2, total: 2 });
  expect((await l3.post(LAB, { ticket: ticket3.ticket })).status).toBe(202);

  // One learner leaves: the next signed-in learner in line gets the place.
  const first = (await s1.json()) as { sandboxId: string; token: string };
  const del = await fetch(`${s.url}/api/sandboxes/${first.sandboxId}`, { method: 'DELETE', headers: { origin: s.url, authorization: `Bearer ${first.token}` } });
  expect(del.status).toBe(204);
  const got = await l3.post(LAB, { ticket: ticket3.ticket });
  expect(got.status).toBe(201);
  expect(await got.json()).toMatchObject({ sandboxId: expect.any(String), token: expect.any(String) });

  // The raw sandbox API does not queue unless asked: it says the server is full.
  const raw = await visitor(s.url).post('/api/sandboxes');
  expect(raw.status).toBe(503);
  expect(((await raw.json()) as { error: { message: string } }).error.message).toMatch(/lab server is full/);
  expect((await visitor(s.url).post('/api/sandboxes', { queue: true })).status).toBe(202);
});
