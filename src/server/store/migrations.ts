import type { DatabaseSync } from 'node:sqlite';

/**
 * Append-only: never edit a shipped migration, add a new one. `user_version` records how many have run,
 * so applying them again is a no-op.
 */
export const migrations: string[] = [
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('learner', 'instructor')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE drafts (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    quiz_id TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, quiz_id)
  );
  CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    quiz_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    submitted_at TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    UNIQUE (user_id, quiz_id, number)
  );
  CREATE TABLE answers (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    response_json TEXT NOT NULL,
    max_points REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('graded', 'pending')),
    score REAL,
    rubric_json TEXT,
    comment TEXT,
    grader_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    graded_at TEXT,
    PRIMARY KEY (attempt_id, question_id)
  );
  CREATE INDEX answers_pending ON answers(status, question_id);
  CREATE TABLE lesson_progress (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lesson TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, lesson)
  );
  CREATE TABLE lab_passes (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lab_id TEXT NOT NULL,
    passed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, lab_id)
  );
  CREATE TABLE lab_work (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lab_id TEXT NOT NULL,
    files_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, lab_id)
  );
  CREATE TABLE regrades (
    id INTEGER PRIMARY KEY,
    quiz_id TEXT NOT NULL,
    instructor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at TEXT NOT NULL,
    key_hash TEXT NOT NULL
  );
  CREATE TABLE regrade_changes (
    regrade_id INTEGER NOT NULL REFERENCES regrades(id) ON DELETE CASCADE,
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    old_score REAL,
    new_score REAL,
    old_status TEXT NOT NULL,
    new_status TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('learner', 'instructor')),
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  );
  `,
  // workbench: when a learner last looked at their grades (the "graded since your last visit" badge).
  `
  CREATE TABLE grades_seen (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    seen_at TEXT NOT NULL
  );
  `,
];

export function applyMigrations(db: DatabaseSync): number {
  // Version is read inside the write transaction so two processes starting at once cannot both migrate.
  for (;;) {
    db.exec('BEGIN IMMEDIATE');
    try {
      const current = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
      if (current >= migrations.length) {
        db.exec('COMMIT');
        return current;
      }
      db.exec(migrations[current]!);
      db.exec(`PRAGMA user_version = ${current + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}
