import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Store } from '../../../src/server/store/create-store';
import { createStoreRateLimiter } from '../../../src/server/store/rate-limits';
import { createStoreThrottle, createStoreWindowLimiter } from '../../../src/server/store/throttles';
import { describeBackends } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

describeBackends('store-backed limits', (backend) => {
  let t: TestStore;
  let store: Store;
  let other: Store; // a second connection, as a second web process would have
  beforeEach(async () => {
    t = await openTestStore(backend);
    store = t.store;
    other = t.open();
    await other.ready();
  });
  afterEach(async () => t.cleanup());

  test('token bucket: 100 takes at once from two processes against a capacity of 10 allow exactly 10', async () => {
    const options = { name: 'budget', capacity: 10, perSecond: 0.01 };
    const a = createStoreRateLimiter({ ...options, db: store.db });
    const b = createStoreRateLimiter({ ...options, db: other.db });
    const waits = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).take('sandbox-1')));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThanOrEqual(1);
    expect(await a.take('sandbox-2')).toBe(0); // keys do not share a bucket
  });

  test('token bucket: refills at its rate', async () => {
    let now = 1_000_000;
    const limiter = createStoreRateLimiter({ name: 'refill', capacity: 2, perSecond: 1, db: store.db, now: () => now });
    expect([await limiter.take('k'), await limiter.take('k'), await limiter.take('k')]).toEqual([0, 0, 1]);
    now += 1000;
    expect(await limiter.take('k')).toBe(0);
    expect(await limiter.take('k')).toBe(1);
    now += 10_000; // never more than the capacity
    expect([await limiter.take('k'), await limiter.take('k'), await limiter.take('k')]).toEqual([0, 0, 1]);
  });

  test('fixed window: 100 sign-ups at once from one address against 30 per hour allow exactly 30, and a restart keeps the count', async () => {
    const options = { name: 'sign-ups', limit: 30, windowMs: 3_600_000 };
    const a = createStoreWindowLimiter({ ...options, db: store.db });
    const b = createStoreWindowLimiter({ ...options, db: other.db });
    const verdicts = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).hit('203.0.113.7')));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(30);
    await store.close();
    const restarted = createStoreWindowLimiter({ ...options, db: t.open().db });
    expect((await restarted.check('203.0.113.7')).allowed).toBe(false);
    expect((await restarted.hit('203.0.113.7')).allowed).toBe(false);
    expect((await restarted.check('198.51.100.1')).allowed).toBe(true);
  });

  test('fixed window: the same answers as the in-memory limiter', async () => {
    let now = 5_000_000;
    const limiter = createStoreWindowLimiter({ name: 'w', limit: 3, windowMs: 60_000, db: store.db, now: () => now });
    expect((await Promise.all([1, 2, 3].map(() => limiter.hit('ip')))).map((v) => v.allowed)).toEqual([true, true, true]);
    expect(await limiter.hit('ip')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect((await limiter.hit('other')).allowed).toBe(true);
    now += 30_000;
    expect(await limiter.check('ip')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 30_001;
    expect((await limiter.hit('ip')).allowed).toBe(true);
    await limiter.reset('ip');
    expect((await limiter.check('ip')).allowed).toBe(true);
  });

  test('lockout counter: 100 failed sign-ins at once from two processes are all counted', async () => {
    const options = { name: 'lockout', freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 900_000, forgetAfterMs: 3_600_000 };
    const a = createStoreThrottle({ ...options, db: store.db });
    const b = createStoreThrottle({ ...options, db: other.db });
    const counts = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).fail('ada@example.com|203.0.113.7')));
    expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1)); // none lost, none counted twice
    const verdict = await b.check('ada@example.com|203.0.113.7');
    expect(verdict.allowed).toBe(false);
    expect(verdict.retryAfterSeconds).toBeGreaterThan(800); // capped at 15 minutes
    expect((await a.check('someone-else')).allowed).toBe(true);
    await a.succeed('ada@example.com|203.0.113.7');
    expect((await b.check('ada@example.com|203.0.113.7')).allowed).toBe(true);
  });

  test('lockout counter: free failures, a doubling delay up to the cap, forgotten after a while', async () => {
    let now = 9_000_000;
    const th = createStoreThrottle({ name: 't', freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 4000, forgetAfterMs: 60_000, db: store.db, now: () => now });
    await th.fail('k');
    await th.fail('k');
    expect((await th.check('k')).allowed).toBe(true);
    await th.fail('k');
    expect(await th.check('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    await th.fail('k');
    expect((await th.check('k')).retryAfterSeconds).toBe(2);
    now += 2000;
    await th.fail('k');
    await th.fail('k');
    expect((await th.check('k')).retryAfterSeconds).toBe(4); // capped
    await th.fail('x');
    await th.fail('x');
    await th.fail('x');
    now += 61_000;
    expect((await th.check('x')).allowed).toBe(true);
    expect(await th.fail('x')).toBe(1); // counting starts again
  });
});
