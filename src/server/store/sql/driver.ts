export type Dialect = 'sqlite' | 'postgres';

export interface SqlExecutor {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
}

export interface SqlDriver extends SqlExecutor {
  /** One transaction: SQLite BEGIN IMMEDIATE (serialised in-process), PostgreSQL SERIALIZABLE with retry. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What the migration runner needs besides statements: multi-statement scripts under a cross-process lock. */
export interface MigrationHost {
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction that no other process's migration can run beside. */
  migrationLock<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T>;
}

export interface ScriptExecutor extends SqlExecutor {
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
}

/**
 * Runs `fn` in a transaction on `db`: a driver starts one, an executor already in a transaction (or any
 * transaction-bound executor) joins it. Repositories use this so their callers can group calls atomically.
 */
export function inTransaction<T>(db: SqlExecutor, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  const maybe = db as Partial<SqlDriver>;
  return typeof maybe.transaction === 'function' ? maybe.transaction(fn) : fn(db);
}
