/**
 * Class announcements ("42 learners at 10:00, lab X"), read by the warm-pool scheduler. Portable SQL:
 * a text id made by the application (no SERIAL/AUTOINCREMENT), ISO-8601 text times, no dialect types.
 */
export const classAnnouncementsMigration = {
  id: '2026-12-06-class-announcements',
  sql: `
  CREATE TABLE IF NOT EXISTS class_announcements (
    id TEXT PRIMARY KEY,
    lab_id TEXT NOT NULL,
    learners INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT
  );
  CREATE INDEX IF NOT EXISTS class_announcements_starts ON class_announcements(starts_at);
  `,
};

export default classAnnouncementsMigration;
