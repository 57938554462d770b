import type { Migration } from './types';

/** When a learner last looked at their grades. Shipped: never edit, add a new migration instead. */
export const migration: Migration = {
  id: '0005-grades-seen',
  sqlite: `
  CREATE TABLE grades_seen (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    seen_at TEXT NOT NULL
  );
  `,
  postgres: `
  CREATE TABLE grades_seen (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    seen_at TEXT NOT NULL
  );
  `,
};
