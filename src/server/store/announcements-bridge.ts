import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { AnnouncementsDb } from './announcements';
import { classAnnouncementsMigration } from './migrations/2026-12-06-class-announcements';

/**
 * Until the async store (issue 18) lands: runs the announcements migration on today's SQLite database,
 * recording its id in `schema_migrations` as the store's migration runner will, and adapts the
 * synchronous connection to the async executor shape. Delete this file when the store's driver arrives
 * (list the migration in the store's index and pass its executor instead).
 */
export function sqliteAnnouncementsDb(db: DatabaseSync): AnnouncementsDb {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = db.prepare('SELECT id FROM schema_migrations WHERE id = ?').get(classAnnouncementsMigration.id);
  if (!applied) {
    db.exec(classAnnouncementsMigration.sql);
    db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(classAnnouncementsMigration.id, new Date().toISOString());
  }
  const params = (p: readonly unknown[] = []) => p as SQLInputValue[];
  return {
    all: async <T>(sql: string, p?: readonly unknown[]) => db.prepare(sql).all(...params(p)) as T[],
    get: async <T>(sql: string, p?: readonly unknown[]) => db.prepare(sql).get(...params(p)) as T | undefined,
    run: async (sql: string, p?: readonly unknown[]) => ({ changes: Number(db.prepare(sql).run(...params(p)).changes) }),
  };
}
