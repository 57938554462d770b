/**
 * Fixed-window counter kept in memory: enough for the single-process server (see README for multi-server).
 * Keys are evicted when their window ends so memory stays bounded by recent traffic.
 */
export interface RateLimiter {
  /** Counts one event for `key`; returns how long to wait if the limit is now exceeded. */
  hit(key: string): { allowed: boolean; retryAfterSeconds: number };
  /** Whether `key` is currently over the limit, without counting. */
  check(key: string): { allowed: boolean; retryAfterSeconds: number };
  reset(key: string): void;
}

export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number }): RateLimiter {
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
    hit(key) {
      let w = current(key);
      if (!w) {
        w = { count: 0, resetAt: clock() + options.windowMs };
        windows.set(key, w);
      }
      w.count++;
      return verdict(w);
    },
    check(key) {
      const w = current(key);
      return w && w.count >= options.limit ? { allowed: false, retryAfterSeconds: verdict(w).retryAfterSeconds } : { allowed: true, retryAfterSeconds: 0 };
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
