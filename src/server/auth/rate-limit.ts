type Awaitable<T> = T | Promise<T>;
type Verdict = { allowed: boolean; retryAfterSeconds: number };

/** A fixed-window limit. The server uses the store-backed one (src/server/store/throttles.ts): shared, kept on restart. */
export interface RateLimiter {
  /** Counts one event for `key`; returns how long to wait if the limit is now exceeded. */
  hit(key: string): Awaitable<Verdict>;
  /** Whether `key` is currently over the limit, without counting. */
  check(key: string): Awaitable<Verdict>;
  reset(key: string): Awaitable<void>;
}

/**
 * The same limit kept in memory, for a single process that may forget it (tests, tools). Keys are evicted when
 * their window ends so memory stays bounded by recent traffic.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number }) {
  const clock = options.now ?? Date.now;
  const windows = new Map<string, { count: number; resetAt: number }>();

  function current(key: string) {
    const t = clock();
    if (windows.size > 10_000) for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
    const w = windows.get(key);
    return w && w.resetAt > t ? w : undefined;
  }
  const verdict = (w: { count: number; resetAt: number } | undefined) => ({
    allowed: !w || w.count <= options.limit,
    retryAfterSeconds: w ? Math.max(1, Math.ceil((w.resetAt - clock()) / 1000)) : 0,
  });

  return {
    hit(key: string) {
      let w = current(key);
      if (!w) {
        w = { count: 0, resetAt: clock() + options.windowMs };
        windows.set(key, w);
      }
      w.count++;
      return verdict(w);
    },
    check(key: string) {
      const w = current(key);
      return w && w.count >= options.limit ? { allowed: false, retryAfterSeconds: verdict(w).retryAfterSeconds } : { allowed: true, retryAfterSeconds: 0 };
    },
    reset(key: string) {
      windows.delete(key);
    },
  };
}
