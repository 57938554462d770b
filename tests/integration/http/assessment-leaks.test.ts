import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { createClient, type Client } from '../../support/http-client';
import { publicAnswers } from '../../support/quiz-ids';

// The leaks of issue #12, each tried the way an attacker or a curious learner would.
let server: CourseServer;
let ada: Client;
let bob: Client;

interface State {
  attemptsRemaining: number | null;
  current: { order: Record<string, string[]> } | null;
  attempts: { order: Record<string, string[]>; score: number | null; answers: { status: string; score: number | null; key?: unknown }[] }[];
}

beforeAll(async () => {
  server = await startCourseServer({ env: { TRUST_PROXY: '1' } });
  ada = createClient(server.url);
  bob = createClient(server.url);
  expect((await ada.signUp('ada-leaks@example.com')).status).toBe(201);
  expect((await bob.signUp('bob-leaks@example.com')).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
});

describe('answer keys', () => {
  test('a blank submission before the last attempt carries no key, rubric, explanation or per-question score', async () => {
    const res = await ada.request('/api/quizzes/isolation/submit', { json: { answers: {} } });
    expect(res.status).toBe(201);
    const text = await res.text();
    const body = JSON.parse(text) as { attempt: State['attempts'][number]; state: State };
    expect(body.state.attemptsRemaining).toBeGreaterThan(0);
    for (const a of body.attempt.answers) {
      expect(a.key).toBeUndefined();
      expect(a.score).toBeNull();
    }
    expect(JSON.stringify([body.attempt, body.state.attempts])).not.toMatch(/"correct"|rubric|explanation|feedback|Html/i);
  });

  test('a partial and a complete submission reveal no more', async () => {
    for (const [who, answers] of [
      [bob, publicAnswers('isolation', { untrusted: ['a'] })],
      [createClient(server.url), publicAnswers('isolation', { untrusted: ['a', 'b'], 'shared-d1': 'a', 'trusted-mode': 'a', 'shared-env': 'It leaks everything.' })],
    ] as const) {
      if (who !== bob) await who.signUp(`complete-${Date.now()}@example.com`);
      const res = await who.request('/api/quizzes/isolation/submit', { json: { answers } });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { attempt: unknown; state: State };
      expect(JSON.stringify([body.attempt, body.state.attempts])).not.toMatch(/"correct"|rubric|explanation|feedback|Html/i);
      expect(body.state.attempts.every((a) => a.answers.every((x) => x.score === null))).toBe(true);
    }
  });

  test('after the last attempt the review opens (the default: keys once no attempt is left)', async () => {
    const last = await ada.request('/api/quizzes/isolation/submit', { json: { answers: publicAnswers('isolation', { untrusted: ['a', 'b'] }) } });
    expect(last.status).toBe(201);
    const body = (await last.json()) as { attempt: State['attempts'][number]; state: State };
    expect(body.state.attemptsRemaining).toBe(0);
    expect(body.attempt.answers.some((a) => a.key !== undefined)).toBe(true);
  });
});

describe('option ids', () => {
  test('learners see and send options by position; the ids in the quiz file (the right one often "a") are refused', async () => {
    const c = createClient(server.url);
    await c.signUp(`ids-${Date.now()}@example.com`);
    const page = await (await fetch(`${server.url}/quizzes/isolation/`)).text();
    expect(page).not.toMatch(/value="a"|data-option="a"/);
    const bad = await c.request('/api/quizzes/isolation/submit', { json: { answers: { 'shared-d1': 'a' } } });
    expect(bad.status).toBe(400);
  });
});

describe('option order', () => {
  test('each learner gets their own shuffled order, stable within an attempt and stored with it', async () => {
    const a1 = (await (await ada.request('/api/quizzes/dispatch-worker')).json()) as State;
    const b1 = (await (await bob.request('/api/quizzes/dispatch-worker')).json()) as State;
    const b2 = (await (await bob.request('/api/quizzes/dispatch-worker')).json()) as State;
    expect(a1.current).not.toBeNull();
    expect(b2.current!.order).toEqual(b1.current!.order);
    expect(JSON.stringify(a1.current!.order)).not.toBe(JSON.stringify(b1.current!.order));
    const res = await bob.request('/api/quizzes/dispatch-worker/submit', { json: { answers: {} } });
    const body = (await res.json()) as { attempt: { order: Record<string, string[]> } };
    expect(body.attempt.order).toEqual(b1.current!.order);
  });
});

describe('lab passes', () => {
  test('the solution is not served to a GET, and a POST is recorded', async () => {
    expect((await ada.request('/api/labs/first-dispatch/solution')).status).not.toBe(200);
    const res = await ada.request('/api/labs/first-dispatch/solution', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(Object.keys(((await res.json()) as { files: Record<string, string> }).files).length).toBeGreaterThan(0);
  });

  test("checks in someone else's sandbox do not record a pass", async () => {
    const anon = createClient(server.url);
    const sandbox = (await (await anon.request('/api/labs/first-dispatch/sandbox', { method: 'POST' })).json()) as { sandboxId: string; token: string };
    const solution = (await (await anon.request('/api/labs/first-dispatch/solution', { method: 'POST' })).json()) as { files: Record<string, string> };
    const check = await bob.request(`/api/labs/first-dispatch/check?sandbox=${sandbox.sandboxId}`, {
      json: { files: solution.files },
      headers: { authorization: `Bearer ${sandbox.token}` },
    });
    expect(check.status).toBe(200);
    expect(await check.text()).toContain('"passed":true');
    const work = (await (await bob.request('/api/labs/first-dispatch/work')).json()) as { passed: boolean };
    expect(work.passed).toBe(false);
  });
});

describe('redirects', () => {
  const forms = ['/\t/evil.example/', '/\n/evil.example/', '/\\evil.example/', '//evil.example/', 'https://evil.example/', '/%09/evil.example', '\\/evil.example', '/\r\n/evil.example'];
  test.each(forms)('a form redirect of %j stays on this site', async (redirect) => {
    const grace = createClient(server.url);
    await grace.signUp(`redir-${Math.random().toString(36).slice(2)}@example.com`);
    const res = await grace.request('/api/auth/password', { form: { current: 'learner-password', password: 'learner-password-2', redirect, _csrf: grace.csrf! } });
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith('/')).toBe(true);
    expect(location).not.toMatch(/^\/\/|^\/\\/);
    // Resolved as the browser would, it is still this site.
    expect(new URL(location, server.url).origin).toBe(server.url);
  });
});

describe('bodies', () => {
  test('a chunked body over the cap is refused without reading it all', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 200 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit).catch(() => null);
    // Either a 413, or the server cut the connection once over the cap; never 200 MB read.
    if (res) expect(res.status).toBe(413);
    expect(sent).toBeLessThan(200 * 1024 * 1024);
  });

  test('malformed multipart and malformed JSON are 400', async () => {
    const multipart = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nbroken',
    });
    expect(multipart.status).toBe(400);
    const json = await fetch(`${server.url}/api/auth/sign-up`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: '{"email":' });
    expect(json.status).toBe(400);
  });
});

describe('sign-in throttling', () => {
  test('wrong passwords from other addresses do not lock the owner out; a known browser passes an account-wide throttle', async () => {
    const owner = createClient(server.url);
    const signUp = await owner.signUp('owner@example.com', 'owner-password-1');
    expect(signUp.status).toBe(201);
    const device = signUp.headers.getSetCookie().find((c) => c.startsWith('course_device='))!.split(';')[0]!;
    const ownerIp = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 25; i++) {
      const attacker = createClient(server.url);
      const res = await attacker.request('/api/auth/sign-in', { json: { email: 'owner@example.com', password: `wrong-${i}-pass` }, headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
      expect([401, 429]).toContain(res.status);
    }
    // A new browser is throttled now (the account saw many failures)…
    const fresh = await createClient(server.url).request('/api/auth/sign-in', { json: { email: 'owner@example.com', password: 'owner-password-1' }, headers: ownerIp });
    expect(fresh.status).toBe(429);
    // …but the owner's browser, which signed in before, still gets in.
    const again = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json', cookie: device, ...ownerIp },
      body: JSON.stringify({ email: 'owner@example.com', password: 'owner-password-1' }),
    });
    expect(again.status).toBe(200);
  });

  test('one address guessing one account gets a growing delay', async () => {
    const c = createClient(server.url);
    await c.signUp('guessed@example.com', 'guessed-password');
    const attacker = createClient(server.url);
    const ip = { 'x-forwarded-for': '192.0.2.50' };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attacker.request('/api/auth/sign-in', { json: { email: 'guessed@example.com', password: `nope-${i}-nope` }, headers: ip })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const blocked = await attacker.request('/api/auth/sign-in', { json: { email: 'guessed@example.com', password: 'guessed-password' }, headers: ip });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('sessions, headers, cookies', () => {
  test('sign out everywhere ends every session of the account', async () => {
    const one = createClient(server.url);
    await one.signUp('everywhere@example.com', 'everywhere-pass');
    const two = createClient(server.url);
    expect((await two.signIn('everywhere@example.com', 'everywhere-pass')).status).toBe(200);
    expect((await one.request('/api/auth/sign-out-everywhere', { method: 'POST', json: {} })).status).toBe(200);
    const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie: two.cookie! } })).json()) as { user: unknown };
    expect(me.user).toBeNull();
  });

  test('pages and API responses carry the security headers', async () => {
    for (const path of ['/', '/isolation/isolation-and-security/', '/api/health', '/sign-in/']) {
      const res = await fetch(server.url + path);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBeTruthy();
    }
  });

  test('behind a proxy under TRUST_PROXY the session cookie is Secure', async () => {
    const res = await fetch(`${server.url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: 'secure@example.com', name: 'S', password: 'secure-password' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('course_session='))).toMatch(/Secure/);
  });
});
