import { getStore } from './instance';
import type { SqlExecutor } from './sql/driver';

/**
 * Limits kept in the store, so every process shares them and a restart keeps their counts. Each decision is one
 * SQL statement (an UPDATE or an upsert): atomic on SQLite (one writer) and on PostgreSQL (the row lock makes a
 * concurrent statement re-read the row), with no transaction retries on hot keys.
 */
export interface LimitOptions {
  /** Which limit: rows of different limits never mix. */
  name: string;
  /** The store's executor, or a function giving it (the process store is opened lazily). */
  db?: SqlExecutor | (() => SqlExecutor);
  now?: () => number;
}

export type Verdict = { allowed: boolean; retryAfterSeconds: number };

export function executor(db: LimitOptions['db']): () => SqlExecutor {
  if (typeof db === 'function') return db;
  if (db) return () => db;
  return () => getStore().db; // the process's store (DATABASE_URL or COURSE_DATA_DIR), opened on first use
}

/** A number safe to write into SQL text (limits are configuration, never request input). */
export const literal = (n: number): string => {
  if (!Number.isFinite(n)) throw new Error(`A limit must be a finite number, got ${n}.`);
  return String(n);
};

export const smaller = (db: SqlExecutor) => (db.dialect === 'postgres' ? 'LEAST' : 'MIN');
export const larger = (db: SqlExecutor) => (db.dialect === 'postgres' ? 'GREATEST' : 'MAX');

/** Occasionally drops rows that no longer limit anything, so the tables stay the size of recent traffic. */
export function sweeper(every: number, sweep: (db: SqlExecutor, now: number) => Promise<unknown>) {
  let calls = 0;
  return (db: SqlExecutor, now: number) => {
    if (++calls % every === 0) void sweep(db, now).catch(() => {});
  };
}

/**
 * Token bucket per key: `capacity` at once, refilled at `perSecond`. `take(key)` resolves to 0 when allowed,
 * otherwise to the whole seconds to wait (the same contract as the in-memory limiter in lab-api/rate-limit.ts).
 */
export function createStoreRateLimiter(options: LimitOptions & { capacity: number; perSecond: number }) {
  const db = executor(options.db);
  const clock = options.now ?? Date.now;
  const capacity = literal(options.capacity);
  const perMs = literal(options.perSecond / 1000);
  const fullAfterMs = Math.ceil((options.capacity / options.perSecond) * 1000);
  const sweep = sweeper(1000, (d, now) => d.run('DELETE FROM rate_buckets WHERE name = ? AND updated_ms < ?', [options.name, now - fullAfterMs]));

  return {
    async take(key: string): Promise<number> {
      const d = db();
      const now = Math.trunc(clock());
      const min = smaller(d);
      const max = larger(d);
      const refilled = `${min}(${capacity}, tokens + ${max}(0, ? - updated_ms) * ${perMs})`;
      // Spend one token if the refilled bucket holds one: a single statement, so concurrent takes queue on the row.
      const spent = await d.run(`UPDATE rate_buckets SET tokens = ${refilled} - 1, updated_ms = ? WHERE name = ? AND key = ? AND ${refilled} >= 1`, [
        now,
        now,
        options.name,
        key,
        now,
      ]);
      sweep(d, now);
      if (spent.changes > 0) return 0;
      // No row yet: a new, full bucket minus this token. A concurrent first take loses the insert and retries the update.
      const added = await d.run('INSERT INTO rate_buckets (name, key, tokens, updated_ms) VALUES (?, ?, ?, ?) ON CONFLICT (name, key) DO NOTHING', [
        options.name,
        key,
        options.capacity - 1,
        now,
      ]);
      if (added.changes > 0) return options.capacity >= 1 ? 0 : 1;
      const again = await d.run(`UPDATE rate_buckets SET tokens = ${refilled} - 1, updated_ms = ? WHERE name = ? AND key = ? AND ${refilled} >= 1`, [
        now,
        now,
        options.name,
        key,
        now,
      ]);
      if (again.changes > 0) return 0;
      const row = await d.get<{ tokens: number; updated_ms: number }>('SELECT tokens, updated_ms FROM rate_buckets WHERE name = ? AND key = ?', [options.name, key]);
      const tokens = row ? Math.min(options.capacity, Number(row.tokens) + Math.max(0, now - Number(row.updated_ms)) * (options.perSecond / 1000)) : 0;
      return Math.max(1, Math.ceil((1 - tokens) / options.perSecond));
    },
  };
}

export type StoreRateLimiter = ReturnType<typeof createStoreRateLimiter>;
