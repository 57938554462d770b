import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { labRunnersMigration } from '../../store/migrations/2026-12-06-lab-runners';

/**
 * The store's async SQL contract (TEAM.md, "The async store"): the lab runner's repositories are written
 * against it so they run on SQLite and PostgreSQL alike. Until the store's own driver is merged, this file
 * carries the interface and a SQLite executor over its own connection to course.sqlite.
 */
export type Dialect = 'sqlite' | 'postgres';
export interface SqlExecutor {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
}

type SqlValue = null | number | bigint | string | Uint8Array;
const bind = (params: readonly unknown[] = []) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : (p ?? null))) as SqlValue[];

/** A SQLite connection to `<dataDir>/course.sqlite` (WAL, shared with the store and other processes). */
export function openSqliteExecutor(dataDir: string): SqlExecutor & { close(): void } {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, 'course.sqlite'));
  db.exec('PRAGMA busy_timeout = 10000');
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec(labRunnersMigration.sql);
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params?: readonly unknown[]) => db.prepare(sql).all(...bind(params)) as T[],
    get: async <T>(sql: string, params?: readonly unknown[]) => db.prepare(sql).get(...bind(params)) as T | undefined,
    run: async (sql: string, params?: readonly unknown[]) => ({ changes: Number(db.prepare(sql).run(...bind(params)).changes) }),
    close: () => db.close(),
  };
}
