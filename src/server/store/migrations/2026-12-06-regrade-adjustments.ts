import type { Migration } from './types';

/**
 * ux (#22): regrade decisions beyond the answer key (full credit for a question, drop it, accept an extra option),
 * kept so later submissions and regrades apply them too. Shipped: never edit.
 */
const table = (userId: string) => `
  CREATE TABLE regrade_adjustments (
    quiz_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('full-credit', 'drop', 'accept-option')),
    option_id TEXT NOT NULL DEFAULT '',
    actor_id ${userId},
    created_at TEXT NOT NULL,
    PRIMARY KEY (quiz_id, question_id, kind, option_id)
  );
  `;

export const migration: Migration = {
  id: '2026-12-06-regrade-adjustments',
  sqlite: table('INTEGER'),
  postgres: table('BIGINT'),
};
