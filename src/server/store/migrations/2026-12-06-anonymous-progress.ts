import type { Migration } from './types';

/**
 * ux (#22): progress made before signing in (lab passes, solution views, completed lessons), keyed by the hashed
 * anonymous lab session, until the browser signs in and it moves to the account. Shipped: never edit.
 */
export const migration: Migration = {
  id: '2026-12-06-anonymous-progress',
  sql: `
  CREATE TABLE anonymous_progress (
    owner TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('lab_pass', 'solution_view', 'lesson')),
    item TEXT NOT NULL,
    data_json TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (owner, kind, item)
  );
  `,
};
