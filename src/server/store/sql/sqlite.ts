import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { MigrationHost, ScriptExecutor, SqlDriver, SqlExecutor } from './driver';

interface TxContext {
  open: boolean;
}

/** One waiter at a time holds the connection for a transaction; others queue in arrival order. */
class AsyncLock {
  #held = false;
  #waiters: (() => void)[] = [];
  get held(): boolean {
    return this.#held;
  }
  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }
}

/**
 * One lock per database file in this process: two stores on the same file (a test's second "process", the serve
 * script beside the built server) queue for each other's transactions instead of blocking the event loop in
 * SQLite's busy wait, which could never end while the other connection's transaction waits on that same loop.
 */
const locks = new Map<string, AsyncLock>();
function lockFor(file: string): AsyncLock {
  const key = resolve(file);
  let lock = locks.get(key);
  if (!lock) locks.set(key, (lock = new AsyncLock()));
  return lock;
}

const toParams = (params: readonly unknown[] = []): SQLInputValue[] =>
  params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : (p as SQLInputValue)));

/**
 * SQLite on node:sqlite. Statements are synchronous underneath; a transaction holds an in-process lock
 * across its awaits, so statements of other requests wait instead of landing inside it. Code running
 * inside a transaction (found through AsyncLocalStorage) joins it, whichever executor it uses.
 */
export function openSqliteDriver(file: string, options: { busyTimeoutMs?: number } = {}): SqlDriver & MigrationHost {
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 10_000)}`);
  // WAL: readers never block the writer; synchronous=NORMAL is durable across process crashes in WAL mode.
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  const lock = lockFor(file);
  const context = new AsyncLocalStorage<TxContext>();
  const cache = new Map<string, StatementSync>();

  const prepare = (sql: string): StatementSync => {
    let s = cache.get(sql);
    if (!s) {
      if (cache.size > 500) cache.clear(); // queries with generated IN lists must not grow it forever
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const direct: ScriptExecutor = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params?: readonly unknown[]) => prepare(sql).all(...toParams(params)) as T[],
    get: async <T>(sql: string, params?: readonly unknown[]) => prepare(sql).get(...toParams(params)) as T | undefined,
    run: async (sql: string, params?: readonly unknown[]) => ({ changes: Number(prepare(sql).run(...toParams(params)).changes) }),
    exec: async (sql: string) => db.exec(sql),
  };

  /** A statement outside any transaction waits while another request's transaction holds the connection. */
  async function outside<T>(fn: () => Promise<T>): Promise<T> {
    if (context.getStore()?.open || !lock.held) return fn();
    await lock.acquire();
    try {
      return await fn();
    } finally {
      lock.release();
    }
  }

  async function transaction<T>(fn: (tx: ScriptExecutor & SqlDriver) => Promise<T>): Promise<T> {
    if (context.getStore()?.open) return fn(txExecutor);
    await lock.acquire();
    const ctx: TxContext = { open: true };
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await context.run(ctx, () => fn(txExecutor));
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      ctx.open = false;
      lock.release();
    }
  }

  const txExecutor: ScriptExecutor & SqlDriver = {
    ...direct,
    transaction: (fn) => fn(txExecutor),
    close: async () => {},
  };

  return {
    dialect: 'sqlite',
    all: (sql, params) => outside(() => direct.all(sql, params)),
    get: (sql, params) => outside(() => direct.get(sql, params)),
    run: (sql, params) => outside(() => direct.run(sql, params)),
    transaction,
    migrationLock: (fn) => transaction(fn),
    async close() {
      await lock.acquire();
      try {
        if (db.isOpen) db.close();
      } finally {
        lock.release();
      }
    },
  };
}

export type { SqlExecutor };
