import { afterEach, expect, test } from 'vitest';
import { configuredOrigins, publicOrigin, sameSiteOrigins, secureContext, strictTransportSecurity } from '../../../src/server/http/site-origin';
import { SettingError } from '../../../src/server/http/trust-proxy';

afterEach(() => {
  for (const k of ['SITE_ORIGIN', 'TRUST_PROXY', 'COURSE_PUBLIC_URL', 'COURSE_SECURE_COOKIES']) delete process.env[k];
});
const req = (headers: Record<string, string>, url = 'http://127.0.0.1:4321/api/x') => new Request(url, { headers });

test('SITE_ORIGIN names the public origins: same-site whatever the socket, Host or proxy headers look like', () => {
  process.env.SITE_ORIGIN = 'https://course.example.com, https://learn.example.org:8443/';
  const viaProxy = req({ host: '127.0.0.1:4321' });
  expect(sameSiteOrigins(viaProxy, '127.0.0.1')).toEqual(['https://course.example.com', 'https://learn.example.org:8443']);
  expect(publicOrigin(viaProxy, '127.0.0.1')).toBe('https://course.example.com');
  expect(publicOrigin(req({ host: 'learn.example.org:8443' }), '127.0.0.1')).toBe('https://learn.example.org:8443');
  expect(secureContext(viaProxy, '127.0.0.1')).toBe(true);
  expect(strictTransportSecurity(viaProxy, '127.0.0.1')).toBe('max-age=31536000');
});

test('unset: the request\'s own origin, https only when a trusted proxy says so', () => {
  const plain = req({ host: '127.0.0.1:4321', 'x-forwarded-proto': 'https' });
  expect(sameSiteOrigins(plain, '127.0.0.1')).toEqual(['http://127.0.0.1:4321']);
  expect(secureContext(plain, '127.0.0.1')).toBe(false);
  expect(strictTransportSecurity(plain, '127.0.0.1')).toBeNull();
  process.env.TRUST_PROXY = '127.0.0.1';
  const proxied = req({ host: '127.0.0.1:4321', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'course.example.com' });
  expect(publicOrigin(proxied, '127.0.0.1')).toBe('https://course.example.com');
  expect(secureContext(proxied, '127.0.0.1')).toBe(true);
  expect(publicOrigin(proxied, '198.51.100.7')).toBe('http://127.0.0.1:4321');
});

test('COURSE_SECURE_COOKIES=1 still forces Secure cookies; COURSE_PUBLIC_URL is read as the old name of SITE_ORIGIN', () => {
  process.env.COURSE_SECURE_COOKIES = '1';
  expect(secureContext(req({ host: '127.0.0.1:4321' }), '127.0.0.1')).toBe(true);
  process.env.COURSE_PUBLIC_URL = 'https://old.example.com/path';
  expect(configuredOrigins()).toEqual(['https://old.example.com']);
});

test('a wrong SITE_ORIGIN is an error naming the setting', () => {
  for (const bad of ['course.example.com', 'ftp://course.example.com', 'https://', ',']) {
    expect(() => configuredOrigins({ SITE_ORIGIN: bad }), bad).toThrow(SettingError);
    expect(() => configuredOrigins({ SITE_ORIGIN: bad }), bad).toThrow(/SITE_ORIGIN/);
  }
});
