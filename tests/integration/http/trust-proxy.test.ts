import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { rawRequest } from '../../support/raw-http';

// 35 sign-ups hash 30 passwords with scrypt: slow on a shared machine, never timed.
vi.setConfig({ testTimeout: 180_000 });

// TRUST_PROXY names the proxy's address (127.0.0.2 here); a client on 127.0.0.1 reaches the Node port directly.
const PROXY = '127.0.0.2';
const DIRECT = '127.0.0.1';
let server: CourseServer;
beforeAll(async () => {
  server = await startCourseServer({ env: { TRUST_PROXY: `${PROXY},10.0.0.0/8`, SITE_ORIGIN: 'https://course.example.com' } });
});
afterAll(async () => {
  await server?.stop();
});

const signUp = (i: number, from: string, headers: Record<string, string> = {}) =>
  rawRequest(`${server.url}/api/auth/sign-up`, {
    method: 'POST',
    localAddress: from,
    headers: { 'content-type': 'application/json', host: 'course.example.com', origin: 'https://course.example.com', 'x-forwarded-proto': 'https', ...headers },
    body: JSON.stringify({ email: `learner-${from}-${i}-${Date.now()}@example.test`, name: `Learner ${i}`, password: 'correct-horse-battery' }),
  });

describe('TRUST_PROXY as a list of proxy addresses', () => {
  test('a direct client not in the list cannot change its address with X-Forwarded-For: 35 sign-ups hit the 30/h limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await signUp(i, DIRECT, { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
  });

  test('from the listed proxy, the right-most address that is not ours counts, never what the client forged', async () => {
    // The client forged the left entry each time; the proxy appended the real 192.0.2.10, an internal hop 10.1.1.1.
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await signUp(i, PROXY, { 'x-forwarded-for': `198.51.100.${i + 1}, 192.0.2.10, 10.1.1.1` })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses[30]).toBe(429);
    // Another real client behind the same proxy has its own budget.
    expect((await signUp(99, PROXY, { 'x-forwarded-for': '192.0.2.11' })).status).toBe(201);
  });
});

describe('SITE_ORIGIN behind the proxy', () => {
  test('the browser\'s POST with Origin https://course.example.com is same-site whatever the socket; cookies Secure; HSTS', async () => {
    const res = await signUp(100, PROXY, { host: '127.0.0.1:4321', 'x-forwarded-for': '192.0.2.50' });
    expect(res.status, res.body).toBe(201);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith('course_session='))).toMatch(/; Secure/i);
    expect(cookies.find((c) => c.startsWith('course_device='))).toMatch(/; Secure/i);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    // HSTS on pages and static files too.
    expect((await rawRequest(`${server.url}/`, { localAddress: PROXY, headers: { host: 'course.example.com' } })).headers['strict-transport-security']).toBe('max-age=31536000');
  });

  test('a cross-site Origin is still refused, as is the server\'s own http origin once SITE_ORIGIN names the public one', async () => {
    for (const origin of ['https://evil.example', 'http://course.example.com', server.url]) {
      const res = await signUp(200, PROXY, { origin, 'x-forwarded-for': '192.0.2.60' });
      expect(res.status, origin).toBe(403);
      expect(res.body).toContain('Cross-site request refused.');
    }
  });
});

describe('start-up errors name the setting', () => {
  test.each([
    [{ SITE_ORIGIN: 'course.example.com' }, /SITE_ORIGIN must be one or more http\(s\) origins/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY: "10.0.0.0\/33" is not an IP address or CIDR range/],
    [{ TRUST_PROXY: 'proxy.internal' }, /TRUST_PROXY/],
  ])('%o', async (env, message) => {
    const error = await startCourseServer({ env }).then(
      async (s) => {
        await s.stop();
        return null;
      },
      (e: Error) => e,
    );
    expect(error?.message).toMatch(message);
    expect(error?.message).toContain('The course server did not start');
  });
});
