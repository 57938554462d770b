// Runs inside workerd: the Rate Limiting binding (`ratelimit` in Cloudflare's upload metadata) for lab
// Workers. Counters live in the host, keyed by the binding's namespace_id and the caller's key, so every
// Worker bound to the same namespace_id shares them, as on the platform. Cloudflare counts per location
// and approximately; the lab counts exactly, with a sliding window, so a check's result does not depend
// on where a fixed window happens to start.
import { WorkerEntrypoint } from 'cloudflare:workers';

/** `${namespaceId}\u0000${key}` -> timestamps (ms) of the calls that were allowed, oldest first. */
const windows = new Map();
const MAX_KEYS = 10_000;
const PERIODS = [10, 60];

export class RateLimitProxy extends WorkerEntrypoint {
  /** Same contract as env.LIMITER.limit({ key }) on Cloudflare: resolves to { success }. */
  rateLimit(options) {
    if (typeof options !== 'object' || options === null) throw new TypeError('limit() takes an object: { key }');
    const extra = Object.keys(options).filter((k) => k !== 'key');
    if (extra.length > 0) throw new TypeError(`limit() options: unknown field(s) ${extra.join(', ')} (only "key" is supported)`);
    const key = options.key ?? '';
    if (typeof key !== 'string') throw new TypeError('limit({ key }): key must be a string');
    const { namespaceId, limit, period } = this.ctx.props;
    if (!PERIODS.includes(period)) throw new Error(`ratelimit: period must be 10 or 60 seconds, not ${period}`);
    const id = `${namespaceId}\u0000${key}`;
    const now = Date.now();
    const since = now - period * 1000;
    const calls = (windows.get(id) ?? []).filter((t) => t > since);
    const success = calls.length < limit;
    if (success) calls.push(now);
    windows.delete(id); // re-insert: the Map's order is least recently used first
    windows.set(id, calls);
    if (windows.size > MAX_KEYS) windows.delete(windows.keys().next().value);
    return { success };
  }
}
