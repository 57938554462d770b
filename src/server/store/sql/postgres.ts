import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { MigrationHost, ScriptExecutor, SqlDriver } from './driver';
import { numberPlaceholders } from './placeholders';

interface TxContext {
  open: boolean;
  client: pg.PoolClient;
}

/** SQL states worth running a transaction again for: serialization failure and deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TRIES = 60;
// Arbitrary constant: the advisory lock id every process takes while migrating.
const MIGRATION_LOCK_ID = 7_318_181_818;

// COUNT(*) and BIGINT ids arrive as int8, sums of them as numeric; the repositories expect JS numbers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const toParams = (params: readonly unknown[] = []): unknown[] =>
  params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PostgresOptions {
  connectionString: string;
  /** Connections in the pool (DATABASE_POOL_SIZE, default 10). */
  max?: number;
}

/**
 * PostgreSQL on `pg`. Transactions are SERIALIZABLE and run again on serialization failures and deadlocks,
 * so read-then-write logic (count attempts, then insert) stays correct across processes. Statements made
 * while a transaction runs in the same async context join it (AsyncLocalStorage), as on SQLite.
 */
export function openPostgresDriver(options: PostgresOptions): SqlDriver & MigrationHost & { ping(): Promise<void> } {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    types,
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool reconnects.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost (DATABASE_URL): ${error.message}`));
  const context = new AsyncLocalStorage<TxContext>();

  const on = (client: pg.Pool | pg.PoolClient): ScriptExecutor => ({
    dialect: 'postgres',
    all: async <T>(sql: string, params?: readonly unknown[]) => (await client.query(numberPlaceholders(sql), toParams(params))).rows as T[],
    get: async <T>(sql: string, params?: readonly unknown[]) => (await client.query(numberPlaceholders(sql), toParams(params))).rows[0] as T | undefined,
    run: async (sql: string, params?: readonly unknown[]) => ({ changes: (await client.query(numberPlaceholders(sql), toParams(params))).rowCount ?? 0 }),
    exec: async (sql: string) => {
      await client.query(sql);
    },
  });
  const onPool = on(pool);
  const current = (): ScriptExecutor => {
    const ctx = context.getStore();
    return ctx?.open ? on(ctx.client) : onPool;
  };

  async function once<T>(isolation: string, fn: (tx: ScriptExecutor & SqlDriver) => Promise<T>, before?: string): Promise<T> {
    const client = await pool.connect();
    const ctx: TxContext = { open: true, client };
    const exec = on(client);
    const tx: ScriptExecutor & SqlDriver = { ...exec, transaction: (inner) => inner(tx), close: async () => {} };
    let broken = false;
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      if (before) await client.query(before);
      const result = await context.run(ctx, () => fn(tx));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself failed: drop it from the pool
      }
      throw error;
    } finally {
      ctx.open = false;
      client.release(broken);
    }
  }

  async function transaction<T>(fn: (tx: ScriptExecutor & SqlDriver) => Promise<T>): Promise<T> {
    const ctx = context.getStore();
    if (ctx?.open) {
      const exec = on(ctx.client);
      const tx: ScriptExecutor & SqlDriver = { ...exec, transaction: (inner) => inner(tx), close: async () => {} };
      return fn(tx);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await once('SERIALIZABLE', fn);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_TRIES) throw error;
        await sleep(Math.random() * Math.min(200, 2 * 2 ** Math.min(attempt, 7)));
      }
    }
  }

  return {
    dialect: 'postgres',
    all: (sql, params) => current().all(sql, params),
    get: (sql, params) => current().get(sql, params),
    run: (sql, params) => current().run(sql, params),
    transaction,
    // READ COMMITTED so each statement after the lock sees what the previous holder committed.
    migrationLock: (fn) => once('READ COMMITTED', fn, `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`),
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
