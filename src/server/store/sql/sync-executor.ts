import type { DatabaseSync, SQLInputValue } from 'node:sqlite';

/**
 * Bridge until the async store (issue 18) lands: the `SqlExecutor` contract over today's node:sqlite handle, so
 * repositories written against the contract run now and move to the real driver unchanged.
 */
export type Dialect = 'sqlite' | 'postgres';
export interface SqlExecutor {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
}

export function syncExecutor(db: DatabaseSync): SqlExecutor {
  const args = (params: readonly unknown[] = []) => params as SQLInputValue[];
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params?: readonly unknown[]) => db.prepare(sql).all(...args(params)) as T[],
    get: async <T>(sql: string, params?: readonly unknown[]) => db.prepare(sql).get(...args(params)) as T | undefined,
    run: async (sql: string, params?: readonly unknown[]) => ({ changes: Number(db.prepare(sql).run(...args(params)).changes) }),
  };
}
