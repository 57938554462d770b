import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `fn` in a write transaction. BEGIN IMMEDIATE takes the write lock up front (waiting up to
 * busy_timeout), so read-then-write logic such as "count attempts, then insert" cannot interleave
 * with another connection or process.
 */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  // Nested calls join the outer transaction, so services can group several repository calls atomically.
  if (db.isTransaction) return fn();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export const now = (): string => new Date().toISOString();

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null) return fallback;
  return JSON.parse(text) as T;
}
