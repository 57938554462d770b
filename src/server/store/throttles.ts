import { executor, larger, literal, sweeper, type LimitOptions, type Verdict } from './rate-limits';

/**
 * A fixed window per key in the store: `limit` hits per `windowMs` (sign-ups per address, failed sign-ins per
 * address). `hit` counts and answers in one upsert, so concurrent hits from any process are all counted.
 */
export function createStoreWindowLimiter(options: LimitOptions & { limit: number; windowMs: number }) {
  const db = executor(options.db);
  const clock = options.now ?? Date.now;
  const sweep = sweeper(500, (d, now) => d.run('DELETE FROM rate_windows WHERE name = ? AND reset_ms <= ?', [options.name, now]));


  return {
    /** Counts one event; not allowed once the count passes the limit. */
    async hit(key: string): Promise<Verdict> {
      const d = db();
      const now = Math.trunc(clock());
      const r = await d.get<{ count: number; reset_ms: number }>(
        `INSERT INTO rate_windows (name, key, count, reset_ms) VALUES (?, ?, 1, ?)
         ON CONFLICT (name, key) DO UPDATE SET
           count = CASE WHEN rate_windows.reset_ms <= ? THEN 1 ELSE rate_windows.count + 1 END,
           reset_ms = CASE WHEN rate_windows.reset_ms <= ? THEN excluded.reset_ms ELSE rate_windows.reset_ms END
         RETURNING count, reset_ms`,
        [options.name, key, now + options.windowMs, now, now],
      );
      sweep(d, now);
      const count = Number(r!.count);
      const resetMs = Number(r!.reset_ms);
      return { allowed: count <= options.limit, retryAfterSeconds: Math.max(1, Math.ceil((resetMs - now) / 1000)) };
    },
    /** Whether the key has used its window up, without counting. */
    async check(key: string): Promise<Verdict> {
      const now = Math.trunc(clock());
      const r = await db().get<{ count: number; reset_ms: number }>('SELECT count, reset_ms FROM rate_windows WHERE name = ? AND key = ? AND reset_ms > ?', [options.name, key, now]);
      if (!r || Number(r.count) < options.limit) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((Number(r.reset_ms) - now) / 1000)) };
    },
    async reset(key: string): Promise<void> {
      await db().run('DELETE FROM rate_windows WHERE name = ? AND key = ?', [options.name, key]);
    },
  };
}

/**
 * Failure throttle per key in the store (sign-in lockouts): after `freeFailures`, each failure makes the key wait
 * longer (doubling from `baseDelayMs` to `maxDelayMs`); a success clears it; failures older than `forgetAfterMs`
 * are forgotten. The count is one upsert, so no concurrent failure is lost.
 */
export function createStoreThrottle(options: LimitOptions & { freeFailures: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number }) {
  const db = executor(options.db);
  const clock = options.now ?? Date.now;
  const forget = literal(options.forgetAfterMs);
  const sweep = sweeper(500, (d, now) => d.run('DELETE FROM throttles WHERE name = ? AND last_ms < ?', [options.name, now - options.forgetAfterMs]));
  const delayFor = (failures: number) => {
    const over = failures - options.freeFailures;
    return over > 0 ? Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(over - 1, 30)) : 0;
  };

  return {
    async check(key: string): Promise<Verdict> {
      const now = Math.trunc(clock());
      const r = await db().get<{ until_ms: number }>('SELECT until_ms FROM throttles WHERE name = ? AND key = ? AND last_ms >= ?', [
        options.name,
        key,
        now - options.forgetAfterMs,
      ]);
      const wait = r ? Number(r.until_ms) - now : 0;
      return wait > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) } : { allowed: true, retryAfterSeconds: 0 };
    },
    /** Counts a failure; resolves to the failures counted so far for the key. */
    async fail(key: string): Promise<number> {
      const d = db();
      const now = Math.trunc(clock());
      const r = await d.get<{ failures: number }>(
        `INSERT INTO throttles (name, key, failures, until_ms, last_ms) VALUES (?, ?, 1, 0, ?)
         ON CONFLICT (name, key) DO UPDATE SET
           failures = CASE WHEN ? - throttles.last_ms > ${forget} THEN 1 ELSE throttles.failures + 1 END,
           until_ms = CASE WHEN ? - throttles.last_ms > ${forget} THEN 0 ELSE throttles.until_ms END,
           last_ms = excluded.last_ms
         RETURNING failures`,
        [options.name, key, now, now, now],
      );
      const failures = Number(r!.failures);
      const delay = delayFor(failures);
      // Concurrent failures each set their own delay; the longest one wins.
      if (delay > 0) await d.run(`UPDATE throttles SET until_ms = ${larger(d)}(until_ms, ?) WHERE name = ? AND key = ?`, [now + delay, options.name, key]);
      sweep(d, now);
      return failures;
    },
    async succeed(key: string): Promise<void> {
      await db().run('DELETE FROM throttles WHERE name = ? AND key = ?', [options.name, key]);
    },
  };
}
