import type { Migration } from './types';

/**
 * Class announcements ("42 learners at 10:00, lab X"), read by the warm-pool scheduler. A text id made by
 * the application; ISO-8601 text times. Shipped: never edit, add a new migration instead.
 */
const table = (userId: string) => `
  CREATE TABLE class_announcements (
    id TEXT PRIMARY KEY,
    lab_id TEXT NOT NULL,
    learners INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by ${userId} REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT
  );
  CREATE INDEX class_announcements_starts ON class_announcements(starts_at);
  `;

export const migration: Migration = {
  id: '2026-12-06-class-announcements',
  sqlite: table('INTEGER'),
  postgres: table('BIGINT'),
};
