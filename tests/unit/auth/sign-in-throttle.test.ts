import { expect, test } from 'vitest';
import { createThrottle } from '../../../src/server/auth/sign-in-throttle';

test('free failures, then a delay that doubles up to the cap; success clears it; old failures are forgotten', () => {
  let now = 0;
  const t = createThrottle({ freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 4000, forgetAfterMs: 60_000, now: () => now });
  t.fail('k');
  t.fail('k');
  expect(t.check('k').allowed).toBe(true);
  t.fail('k');
  expect(t.check('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  now += 1000;
  t.fail('k');
  expect(t.check('k').retryAfterSeconds).toBe(2);
  now += 2000;
  t.fail('k');
  t.fail('k');
  expect(t.check('k').retryAfterSeconds).toBe(4); // capped
  expect(t.check('other').allowed).toBe(true);
  t.succeed('k');
  expect(t.check('k').allowed).toBe(true);
  t.fail('x');
  t.fail('x');
  t.fail('x');
  now += 61_000;
  expect(t.check('x').allowed).toBe(true);
});
