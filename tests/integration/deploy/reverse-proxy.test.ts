import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { freePort, startCourseServer, type CourseServer } from '../../support/course-server';
import { httpsRequest, selfSignedCertificate, startCaddy, startNginx, type RunningProxy, type TestCertificate } from '../../support/reverse-proxy';
import { findLab } from '../../../src/server/labs/registry';
import { rmSync } from 'node:fs';

// Sign-ups hash passwords with scrypt and checks run real workerd: slow on a shared machine, never timed.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

// The README's recipes (deploy/Caddyfile, deploy/nginx.conf) on Debian's real Caddy and nginx, https on loopback.
describe.each([
  ['caddy', startCaddy],
  ['nginx', startNginx],
] as const)('behind %s over https', (_kind, startProxy) => {
  let tls: TestCertificate;
  let server: CourseServer;
  let proxy: RunningProxy;
  let signedUp = 0;
  beforeAll(async () => {
    tls = selfSignedCertificate();
    const proxyPort = await freePort();
    server = await startCourseServer({ env: { SITE_ORIGIN: `https://course.test:${proxyPort}`, TRUST_PROXY: '127.0.0.1' } });
    proxy = await startProxy([new URL(server.url).host], tls, proxyPort);
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
    if (tls) rmSync(tls.dir, { recursive: true, force: true });
  });

  const signUp = (origin: string, headers: Record<string, string> = {}) =>
    httpsRequest(proxy, tls, '/api/auth/sign-up', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...headers },
      body: JSON.stringify({ email: `learner-${Math.random().toString(36).slice(2)}@example.test`, name: 'Ada', password: 'correct-horse-battery' }),
    });

  test('a browser\'s sign-up with Origin https://course.test succeeds: Secure cookies, HSTS', async () => {
    const res = await signUp(proxy.origin);
    expect(res.status, res.body).toBe(201);
    signedUp++;
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith('course_session='))).toMatch(/; Secure/i);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  test('a cross-site Origin is still refused with 403', async () => {
    const res = await signUp('https://evil.example');
    expect(res.status).toBe(403);
    expect(res.body).toContain('Cross-site request refused.');
  });

  test('a client forging X-Forwarded-For through the proxy still counts as its real address (30 sign-ups per hour)', async () => {
    const statuses: number[] = [];
    for (let i = signedUp; i < 31; i++) statuses.push((await signUp(proxy.origin, { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30 - signedUp);
    expect(statuses.at(-1)).toBe(429);
  });

  test('the proxy lets large bodies through to the course, which answers for itself', async () => {
    const res = await httpsRequest(proxy, tls, '/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json', origin: proxy.origin }, body: Buffer.alloc(5 * 1024 * 1024, 0x20) });
    // The course's own JSON 413 (its per-route cap), not the proxy's page: the proxy's limit is above 5 MiB.
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/json');
  });

  test('Check streams application/x-ndjson line by line through the proxy, and the solution passes', async () => {
    const lab = findLab('broken-customer')!;
    const created = await httpsRequest(proxy, tls, `/api/labs/${lab.definition.id}/sandbox`, { method: 'POST', headers: { origin: proxy.origin } });
    expect(created.status, created.body).toBe(201);
    const sandbox = JSON.parse(created.body) as { sandboxId: string; token: string };
    const files = Object.fromEntries(lab.definition.files.filter((f) => f.editable).map((f) => [f.path, lab.solution[f.path]!]));
    const arrivals: Array<{ at: number; lines: number }> = [];
    const res = await httpsRequest(proxy, tls, `/api/labs/${lab.definition.id}/check?sandbox=${sandbox.sandboxId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/x-ndjson', authorization: `Bearer ${sandbox.token}`, origin: proxy.origin },
      body: JSON.stringify({ files }),
      onData: (chunk) => arrivals.push({ at: Date.now(), lines: chunk.split('\n').filter(Boolean).length }),
    });
    expect(res.status, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const events = res.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; passed?: boolean });
    const results = events.filter((e) => e.type === 'result');
    expect(results.length).toBeGreaterThan(1);
    expect(results.every((r) => r.passed)).toBe(true);
    // Unbuffered: the lines came in several pieces as the checks finished (this lab waits on a slow upstream),
    // not in one piece at the end.
    expect(arrivals.length).toBeGreaterThan(1);
    expect(arrivals.at(-1)!.at - arrivals[0]!.at).toBeGreaterThan(300);
  });
});
