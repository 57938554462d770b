/**
 * Lab runners, the sandbox directory, sandbox snapshots and the site-wide admission queue (issues 18, 23).
 * Portable SQL (SQLite and PostgreSQL); times are ISO-8601 text, booleans 0/1, JSON as text.
 */
import type { Migration } from './types';

export const migration: Migration = {
  id: '2026-12-06-lab-runners',
  sql: `
CREATE TABLE lab_runners (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  dirs TEXT NOT NULL,
  started_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  max_sandboxes INTEGER NOT NULL,
  live INTEGER NOT NULL,
  free INTEGER NOT NULL,
  warm INTEGER NOT NULL,
  memory_bytes BIGINT NOT NULL,
  draining INTEGER NOT NULL DEFAULT 0,
  stopped INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE lab_sandboxes (
  id TEXT PRIMARY KEY,
  runner_id TEXT,
  token_hash TEXT NOT NULL,
  account_id TEXT NOT NULL,
  owner_key TEXT,
  anonymous INTEGER NOT NULL DEFAULT 0,
  user_id INTEGER,
  lab_id TEXT,
  created_at TEXT NOT NULL,
  last_used TEXT NOT NULL,
  moves INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX lab_sandboxes_runner ON lab_sandboxes (runner_id);
CREATE INDEX lab_sandboxes_owner ON lab_sandboxes (owner_key);
CREATE TABLE lab_sandbox_snapshots (
  sandbox_id TEXT PRIMARY KEY,
  snapshot TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE lab_queue (
  ticket TEXT PRIMARY KEY,
  owner_key TEXT NOT NULL,
  anonymous INTEGER NOT NULL,
  joined_at TEXT NOT NULL,
  polled_at TEXT NOT NULL
);
CREATE INDEX lab_queue_order ON lab_queue (joined_at, ticket);
`,
};
