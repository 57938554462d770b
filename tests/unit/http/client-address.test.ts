import { afterEach, expect, test } from 'vitest';
import { clientAddress, isHttps, trustedHops } from '../../../src/server/http/client-address';

afterEach(() => {
  delete process.env.TRUST_PROXY;
});
const req = (headers: Record<string, string>, url = 'http://course.example/api/x') => new Request(url, { headers });

test('without TRUST_PROXY, forwarded headers are never believed', () => {
  expect(trustedHops()).toBe(0);
  expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.1' }), '10.0.0.2')).toBe('10.0.0.2');
  expect(isHttps(req({ 'x-forwarded-proto': 'https' }))).toBe(false);
  expect(isHttps(req({}, 'https://course.example/'))).toBe(true);
});

test('TRUST_PROXY=1 takes the address our proxy appended; a number trusts that many hops', () => {
  process.env.TRUST_PROXY = 'true';
  expect(clientAddress(req({ 'x-forwarded-for': 'spoofed, 203.0.113.1' }), '127.0.0.1')).toBe('203.0.113.1');
  expect(isHttps(req({ 'x-forwarded-proto': 'https' }))).toBe(true);
  process.env.TRUST_PROXY = '2';
  expect(clientAddress(req({ 'x-forwarded-for': 'spoofed, 203.0.113.1, 10.0.0.5' }), '127.0.0.1')).toBe('203.0.113.1');
  expect(clientAddress(req({}), '127.0.0.1')).toBe('127.0.0.1');
  process.env.TRUST_PROXY = 'nonsense';
  expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.1' }), '127.0.0.1')).toBe('127.0.0.1');
});
