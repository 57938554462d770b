import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { serverWithSandbox, type SandboxInfo } from '../../support/cloudflare-api';

let server: CourseServer;
let sb: SandboxInfo;
beforeAll(async () => {
  ({ server, sandbox: sb } = await serverWithSandbox());
});
afterAll(() => server?.stop());

const preflight = (url: string, origin: string) =>
  fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type' } });

test('a preflight from the site\'s own origin is allowed, under either loopback name', async () => {
  for (const origin of [server.url, server.url.replace('127.0.0.1', 'localhost')]) {
    const res = await preflight(`${sb.apiBase}/accounts/${sb.accountId}/workers/dispatch/namespaces`, origin);
    expect(res.status, origin).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  }
  const get = await fetch(`${sb.apiBase}/accounts`, { headers: { origin: server.url, authorization: `Bearer ${sb.token}` } });
  expect(get.status).toBe(200);
  expect(get.headers.get('access-control-allow-origin')).toBe(server.url);
});

test('other origins are refused, preflight or not', async () => {
  for (const origin of ['https://evil.example', 'http://127.0.0.1:1', 'null']) {
    const res = await preflight(`${sb.apiBase}/accounts`, origin);
    expect(res.status, origin).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${sb.apiBase}/accounts`, { headers: { origin, authorization: `Bearer ${sb.token}` } });
    expect(get.status, origin).toBe(403);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  }
});

test('clients without an Origin (wrangler, curl, the SDK) work as before', async () => {
  const res = await fetch(`${sb.apiBase}/accounts`, { headers: { authorization: `Bearer ${sb.token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
});

test('SITE_ORIGIN names the origin browsers use; the loopback address is then refused', async () => {
  const proxied = await startCourseServer({ env: { SITE_ORIGIN: 'https://course.example.com' } });
  try {
    const created = (await (await fetch(`${proxied.url}/api/sandboxes`, { method: 'POST' })).json()) as SandboxInfo;
    const url = `${created.apiBase}/accounts`;
    expect((await preflight(url, 'https://course.example.com')).headers.get('access-control-allow-origin')).toBe('https://course.example.com');
    expect((await preflight(url, proxied.url)).status).toBe(403);
  } finally {
    await proxied.stop();
  }
});
