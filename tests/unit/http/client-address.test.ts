import { afterEach, expect, test } from 'vitest';
import { clientAddress, forwardedHost, isHttps } from '../../../src/server/http/client-address';
import { parseTrustProxy, SettingError } from '../../../src/server/http/trust-proxy';

afterEach(() => {
  delete process.env.TRUST_PROXY;
});
const req = (headers: Record<string, string>, url = 'http://course.example/api/x') => new Request(url, { headers });

test('without TRUST_PROXY, forwarded headers are never believed', () => {
  expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.1' }), '10.0.0.2')).toBe('10.0.0.2');
  expect(isHttps(req({ 'x-forwarded-proto': 'https' }), '10.0.0.2')).toBe(false);
  expect(isHttps(req({}, 'https://course.example/'), '10.0.0.2')).toBe(true);
  expect(forwardedHost(req({ host: 'course.example', 'x-forwarded-host': 'evil.example' }), '10.0.0.2')).toBe('course.example');
});

test('TRUST_PROXY=1 (the old form) takes the address our proxy appended; a number trusts that many hops', () => {
  process.env.TRUST_PROXY = 'true';
  expect(clientAddress(req({ 'x-forwarded-for': 'spoofed, 203.0.113.1' }), '127.0.0.1')).toBe('203.0.113.1');
  expect(isHttps(req({ 'x-forwarded-proto': 'https' }), '198.51.100.7')).toBe(true);
  process.env.TRUST_PROXY = '2';
  expect(clientAddress(req({ 'x-forwarded-for': 'spoofed, 203.0.113.1, 10.0.0.5' }), '127.0.0.1')).toBe('203.0.113.1');
  expect(clientAddress(req({}), '127.0.0.1')).toBe('127.0.0.1');
});

test('a proxy list: X-Forwarded-* believed only from a listed peer, read right to left past our own proxies', () => {
  process.env.TRUST_PROXY = '127.0.0.1, 10.0.0.0/8';
  // A client that reaches the port directly (not in the list) cannot choose its address, scheme or host.
  expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.99' }), '198.51.100.7')).toBe('198.51.100.7');
  expect(isHttps(req({ 'x-forwarded-proto': 'https' }), '198.51.100.7')).toBe(false);
  expect(forwardedHost(req({ host: 'course.example', 'x-forwarded-host': 'evil.example' }), '198.51.100.7')).toBe('course.example');
  // Through our proxies: the right-most entry that is not one of them; what the client wrote to its left is ignored.
  expect(clientAddress(req({ 'x-forwarded-for': 'forged, 203.0.113.1, 10.1.2.3' }), '127.0.0.1')).toBe('203.0.113.1');
  expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.1' }), '::ffff:127.0.0.1')).toBe('203.0.113.1');
  expect(clientAddress(req({ 'x-forwarded-for': '10.0.0.9, 10.1.2.3' }), '127.0.0.1')).toBe('10.0.0.9');
  expect(clientAddress(req({}), '127.0.0.1')).toBe('127.0.0.1');
  expect(isHttps(req({ 'x-forwarded-proto': 'https' }), '10.9.9.9')).toBe(true);
  expect(forwardedHost(req({ host: '127.0.0.1:4321', 'x-forwarded-host': 'Course.Example.com' }), '127.0.0.1')).toBe('course.example.com');
});

test('IPv6 proxies and ranges', () => {
  process.env.TRUST_PROXY = '::1,fd00::/8';
  expect(clientAddress(req({ 'x-forwarded-for': '2001:db8::1, fd12::5' }), '::1')).toBe('2001:db8::1');
  expect(clientAddress(req({ 'x-forwarded-for': '[2001:db8::2]:5555' }), 'fd00::7')).toBe('2001:db8::2');
  expect(clientAddress(req({ 'x-forwarded-for': '2001:db8::1' }), '2001:db8::3')).toBe('2001:db8::3');
  process.env.TRUST_PROXY = 'loopback';
  expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.1' }), '127.0.0.2')).toBe('203.0.113.1');
  expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.1' }), '::1')).toBe('203.0.113.1');
});

test('a wrong TRUST_PROXY value is an error that names the setting, never silently "trust nobody" or "everybody"', () => {
  for (const bad of ['nonsense', '10.0.0.0/33', '127.0.0.1,example.com', '::1/129', '1.2.3.4/8/1', '99']) {
    expect(() => parseTrustProxy(bad), bad).toThrow(SettingError);
    expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY/);
  }
  expect(parseTrustProxy(undefined).kind).toBe('none');
  expect(parseTrustProxy('0').kind).toBe('none');
  expect(parseTrustProxy('1')).toEqual({ kind: 'hops', hops: 1 });
  expect(parseTrustProxy('127.0.0.1/32, fe80::/10').kind).toBe('list');
});
