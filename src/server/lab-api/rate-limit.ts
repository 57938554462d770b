/** Either limiter: this in-memory one, or the store-backed one (shared by every process, kept over restarts). */
export interface Limiter {
  take(key: string): number | Promise<number>;
}

/**
 * Token buckets keyed by a string (sandbox id, client address): `capacity` requests at once, refilled at
 * `perSecond`. Memory is bounded by dropping full buckets on sweep.
 */
export function createRateLimiter(options: { capacity: number; perSecond: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let calls = 0;
  return {
    /** Takes one token; returns 0 when allowed, otherwise the seconds to wait. */
    take(key: string): number {
      const now = performance.now();
      const b = buckets.get(key) ?? { tokens: options.capacity, at: now };
      b.tokens = Math.min(options.capacity, b.tokens + ((now - b.at) / 1000) * options.perSecond);
      b.at = now;
      buckets.set(key, b);
      if (++calls % 1000 === 0) for (const [k, v] of buckets) if (v.tokens >= options.capacity) buckets.delete(k);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - b.tokens) / options.perSecond);
    },
  };
}
