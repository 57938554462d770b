import { describe, expect, test } from 'vitest';
import { corsFor, siteOrigins } from '../../../src/server/lab-api/cors';

describe('siteOrigins', () => {
  test('defaults to the server\'s own http://HOST:PORT, both loopback names', () => {
    expect(siteOrigins({})).toEqual(['http://127.0.0.1:4321', 'http://localhost:4321']);
    expect(siteOrigins({ HOST: '0.0.0.0', PORT: '8080' })).toEqual(['http://0.0.0.0:8080']);
    expect(siteOrigins({ HOST: '::1', PORT: '80' })).toEqual(['http://[::1]:80']);
  });
  test('SITE_ORIGIN wins, as origins', () => {
    expect(siteOrigins({ SITE_ORIGIN: 'https://course.example.com/, https://b.example.com:8443', HOST: '127.0.0.1' })).toEqual(['https://course.example.com', 'https://b.example.com:8443']);
    expect(() => siteOrigins({ SITE_ORIGIN: 'not a url' })).toThrow(/SITE_ORIGIN must be/);
  });
});

describe('corsFor', () => {
  const own = ['http://127.0.0.1:4321'];
  const req = (method: string, headers: Record<string, string>) => new Request('http://127.0.0.1:4321/api/sandboxes/x/client/v4/accounts', { method, headers });

  test('clients without Origin (wrangler, curl, the SDK) are left alone', () => {
    expect(corsFor(req('GET', {}), own).kind).toBe('no-origin');
  });
  test('a preflight from the site is answered', () => {
    const d = corsFor(req('OPTIONS', { origin: own[0]!, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' }), own);
    expect(d.kind).toBe('preflight');
    if (d.kind !== 'preflight') return;
    expect(d.response.status).toBe(204);
    expect(d.response.headers.get('access-control-allow-origin')).toBe(own[0]);
    expect(d.response.headers.get('access-control-allow-headers')).toContain('authorization');
  });
  test('another origin is refused, preflight or not', async () => {
    for (const method of ['OPTIONS', 'GET', 'PUT']) {
      const d = corsFor(req(method, { origin: 'https://evil.example', 'access-control-request-method': 'PUT' }), own);
      expect(d.kind).toBe('refused');
      if (d.kind !== 'refused') return;
      expect(d.response.status).toBe(403);
      expect(d.response.headers.has('access-control-allow-origin')).toBe(false);
      expect(((await d.response.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toContain('https://evil.example');
    }
  });
});
