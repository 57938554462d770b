import type { DatabaseSync } from 'node:sqlite';
import registrationChanges from './migrations/2026-12-06-lti-registration-changes';

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
  // assessment: shuffled option orders and time limits (attempt starts), accommodations, solution views and
  // what passed a lab, the audit log, known browsers for sign-in throttling, and instructor-issued password resets.
  `
  CREATE TABLE attempt_starts (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    quiz_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    order_json TEXT NOT NULL,
    started_at TEXT NOT NULL,
    PRIMARY KEY (user_id, quiz_id)
  );
  ALTER TABLE attempts ADD COLUMN order_json TEXT;
  ALTER TABLE attempts ADD COLUMN started_at TEXT;
  CREATE TABLE quiz_extensions (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    quiz_id TEXT NOT NULL,
    extra_attempts INTEGER NOT NULL DEFAULT 0,
    extra_minutes INTEGER NOT NULL DEFAULT 0,
    close_at TEXT,
    granted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (user_id, quiz_id)
  );
  CREATE TABLE solution_views (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lab_id TEXT NOT NULL,
    viewed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, lab_id)
  );
  ALTER TABLE lab_passes ADD COLUMN files_json TEXT;
  ALTER TABLE lab_passes ADD COLUMN solution_viewed INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    details_json TEXT NOT NULL
  );
  CREATE TABLE known_devices (
    token_hash TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (token_hash, user_id)
  );
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  );
  `,
  // lti (#15): platforms, deployments, our keys, login states, used nonces, LMS accounts, contexts, resource
  // links and their grade targets, the score outbox, rosters and one-time launch tokens.
  `
  CREATE TABLE lti_keys (
    kid TEXT PRIMARY KEY,
    private_jwk TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
  );
  CREATE TABLE lti_platforms (
    id INTEGER PRIMARY KEY,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
    authorization_endpoint TEXT NOT NULL,
    token_endpoint TEXT NOT NULL,
    jwks_uri TEXT NOT NULL,
    origin TEXT NOT NULL,
    frame_origins TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL CHECK (source IN ('dynamic', 'manual')),
    created_at TEXT NOT NULL,
    UNIQUE (issuer, client_id)
  );
  CREATE TABLE lti_deployments (
    platform_id INTEGER NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
    deployment_id TEXT NOT NULL,
    PRIMARY KEY (platform_id, deployment_id)
  );
  CREATE TABLE lti_login_states (
    state_hash TEXT PRIMARY KEY,
    platform_id INTEGER NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    binding_hash TEXT NOT NULL,
    storage_target TEXT,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE lti_used_nonces (
    platform_id INTEGER NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (platform_id, nonce)
  );
  CREATE TABLE lti_accounts (
    platform_id INTEGER NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (platform_id, subject)
  );
  CREATE INDEX lti_accounts_user ON lti_accounts(user_id);
  CREATE TABLE lti_contexts (
    id INTEGER PRIMARY KEY,
    platform_id INTEGER NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
    context_id TEXT NOT NULL,
    title TEXT NOT NULL,
    memberships_url TEXT,
    lineitems_url TEXT,
    roster_synced_at TEXT,
    UNIQUE (platform_id, context_id)
  );
  CREATE TABLE lti_grade_targets (
    id INTEGER PRIMARY KEY,
    platform_id INTEGER NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    lineitem TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('quiz', 'lab')),
    item_id TEXT NOT NULL,
    UNIQUE (platform_id, subject, lineitem)
  );
  CREATE INDEX lti_grade_targets_item ON lti_grade_targets(user_id, kind, item_id);
  CREATE TABLE lti_score_posts (
    id INTEGER PRIMARY KEY,
    target_id INTEGER NOT NULL UNIQUE REFERENCES lti_grade_targets(id) ON DELETE CASCADE,
    score_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    tries INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    last_error TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE lti_roster (
    context_row INTEGER NOT NULL REFERENCES lti_contexts(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    roles_json TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (context_row, subject)
  );
  CREATE TABLE lti_launch_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE lti_deep_links (
    token_hash TEXT PRIMARY KEY,
    platform_id INTEGER NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
    deployment_id TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    return_url TEXT NOT NULL,
    data TEXT,
    accept_multiple INTEGER NOT NULL,
    expires_at TEXT NOT NULL
  );
  `,
  // workbench: when a learner last looked at their grades (the "graded since your last visit" badge).
  `
  CREATE TABLE grades_seen (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    seen_at TEXT NOT NULL
  );
  `,
  registrationChanges.sqlite,
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
