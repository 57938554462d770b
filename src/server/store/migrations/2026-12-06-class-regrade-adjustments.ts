import type { Migration } from './types';

/**
 * classfix (#19): regrade adjustments belong to the class whose instructor made them, so one class's decision does
 * not change another class's grades. class_id 0 is site-wide (the adjustments made before classes, kept as they
 * applied: to everyone). Shipped: never edit.
 */
const table = (userId: string) => `
  CREATE TABLE class_regrade_adjustments (
    class_id INTEGER NOT NULL,
    quiz_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('full-credit', 'drop', 'accept-option')),
    option_id TEXT NOT NULL DEFAULT '',
    actor_id ${userId},
    created_at TEXT NOT NULL,
    PRIMARY KEY (class_id, quiz_id, question_id, kind, option_id)
  );
  INSERT INTO class_regrade_adjustments (class_id, quiz_id, question_id, kind, option_id, actor_id, created_at)
    SELECT 0, quiz_id, question_id, kind, option_id, actor_id, created_at FROM regrade_adjustments;
  DROP TABLE regrade_adjustments;
  `;

export const migration: Migration = {
  id: '2026-12-06-class-regrade-adjustments',
  sqlite: table('INTEGER'),
  postgres: table('BIGINT'),
};
