import { expect, test } from 'vitest';
import { originAllowed, tokensMatch } from '../../../src/server/auth/csrf';
import { createRateLimiter } from '../../../src/server/auth/rate-limit';

test('the rate limiter allows `limit` hits per window, then says how long to wait', () => {
  let now = 0;
  const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
  expect([1, 2, 3].map(() => limiter.hit('ip').allowed)).toEqual([true, true, true]);
  expect(limiter.hit('ip')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  expect(limiter.hit('other').allowed).toBe(true);
  now = 30_000;
  expect(limiter.check('ip')).toEqual({ allowed: false, retryAfterSeconds: 30 });
  now = 60_001;
  expect(limiter.hit('ip').allowed).toBe(true);
  limiter.reset('ip');
  expect(limiter.check('ip').allowed).toBe(true);
});

test('CSRF helpers: same-origin only, constant-time token match', () => {
  const req = (headers: Record<string, string>) => new Request('http://x.test/api', { method: 'POST', headers });
  expect(originAllowed(req({ origin: 'http://x.test' }), ['http://x.test'])).toBe(true);
  expect(originAllowed(req({ origin: 'http://evil.test' }), ['http://x.test'])).toBe(false);
  expect(originAllowed(req({ 'sec-fetch-site': 'cross-site' }), ['http://x.test'])).toBe(false);
  expect(originAllowed(req({ 'sec-fetch-site': 'same-origin' }), ['http://x.test'])).toBe(true);
  expect(tokensMatch('abc', 'abc')).toBe(true);
  expect(tokensMatch('abc', 'abd')).toBe(false);
  expect(tokensMatch('abc', null)).toBe(false);
  expect(tokensMatch('abc', 'abcd')).toBe(false);
});
