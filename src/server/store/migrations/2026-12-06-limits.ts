import type { Migration } from './types';

/**
 * Limits shared by every process and kept across restarts (#18): token buckets (request budgets), fixed windows
 * (sign-ups per address), failure throttles (sign-in delays); and a claim on LTI score posts so two processes never
 * post the same score. Times are epoch milliseconds here: the limit arithmetic runs inside single SQL statements.
 */
export const migration: Migration = {
  id: '2026-12-06-limits',
  sqlite: `
  CREATE TABLE rate_buckets (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    tokens REAL NOT NULL,
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (name, key)
  );
  CREATE TABLE rate_windows (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    count INTEGER NOT NULL,
    reset_ms INTEGER NOT NULL,
    PRIMARY KEY (name, key)
  );
  CREATE TABLE throttles (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    failures INTEGER NOT NULL,
    until_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    PRIMARY KEY (name, key)
  );
  ALTER TABLE lti_score_posts ADD COLUMN claimed_by TEXT;
  ALTER TABLE lti_score_posts ADD COLUMN claimed_until TEXT;
  `,
  postgres: `
  CREATE TABLE rate_buckets (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    tokens DOUBLE PRECISION NOT NULL,
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (name, key)
  );
  CREATE TABLE rate_windows (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    count BIGINT NOT NULL,
    reset_ms BIGINT NOT NULL,
    PRIMARY KEY (name, key)
  );
  CREATE TABLE throttles (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    failures BIGINT NOT NULL,
    until_ms BIGINT NOT NULL,
    last_ms BIGINT NOT NULL,
    PRIMARY KEY (name, key)
  );
  ALTER TABLE lti_score_posts ADD COLUMN claimed_by TEXT;
  ALTER TABLE lti_score_posts ADD COLUMN claimed_until TEXT;
  `,
};
