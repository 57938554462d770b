type Awaitable<T> = T | Promise<T>;

/**
 * Sign-in throttling that slows an attacker without locking out the owner. Failures are counted per key; after
 * `freeFailures` each further failure makes the key wait longer (doubling from `baseDelayMs` up to
 * `maxDelayMs`). A success clears the key. The server uses the store-backed throttle (src/server/store/throttles.ts),
 * shared by every process and kept on restart; `createThrottle` keeps it in memory (tests, tools).
 */
export interface Throttle {
  /** Whether `key` may try now; if not, how long to wait. */
  check(key: string): Awaitable<{ allowed: boolean; retryAfterSeconds: number }>;
  fail(key: string): Awaitable<unknown>;
  succeed(key: string): Awaitable<void>;
}

export function createThrottle(options: { freeFailures: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number; now?: () => number }) {
  const clock = options.now ?? Date.now;
  const state = new Map<string, { failures: number; until: number; last: number }>();

  function current(key: string) {
    const t = clock();
    if (state.size > 50_000) for (const [k, v] of state) if (t - v.last > options.forgetAfterMs) state.delete(k);
    const s = state.get(key);
    if (s && t - s.last > options.forgetAfterMs) {
      state.delete(key);
      return undefined;
    }
    return s;
  }

  return {
    check(key: string) {
      const s = current(key);
      const wait = s ? s.until - clock() : 0;
      return wait > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) } : { allowed: true, retryAfterSeconds: 0 };
    },
    fail(key: string) {
      const t = clock();
      const s = current(key) ?? { failures: 0, until: 0, last: t };
      s.failures++;
      s.last = t;
      const over = s.failures - options.freeFailures;
      if (over > 0) s.until = t + Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(over - 1, 30));
      state.set(key, s);
    },
    succeed(key: string) {
      state.delete(key);
    },
  };
}
