import type { DatabaseSync } from 'node:sqlite';
import { now, transaction } from './db';

/** Browsers that signed in to an account before (sign-in throttling lets them through), and password resets. */
export function createAccountSecurityRepository(db: DatabaseSync) {
  return {
    rememberDevice(tokenHash: string, userId: number): void {
      db.prepare('INSERT INTO known_devices (token_hash, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(tokenHash, userId, now());
    },
    isKnownDevice(tokenHash: string, userId: number): boolean {
      return !!db.prepare('SELECT 1 FROM known_devices WHERE token_hash = ? AND user_id = ?').get(tokenHash, userId);
    },
    createReset(input: { tokenHash: string; userId: number; createdBy: number; expiresAt: string }): void {
      // One live link per account: issuing a new one retires the old.
      transaction(db, () => {
        db.prepare('DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL').run(input.userId);
        db.prepare('INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
          input.tokenHash,
          input.userId,
          input.createdBy,
          now(),
          input.expiresAt,
        );
      });
    },
    /** Marks a valid, unused link used and returns its account; undefined when the link is not valid. */
    consumeReset(tokenHash: string): number | undefined {
      const r = db
        .prepare('UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id')
        .get(now(), tokenHash, now()) as { user_id: number } | undefined;
      return r?.user_id;
    },
  };
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  action: string;
  summary: string;
  details: unknown;
}

/** What instructors did that changes roles or grades, readable by instructors. */
export function createAuditRepository(db: DatabaseSync) {
  return {
    record(input: { actorId: number | null; action: string; summary: string; details?: unknown }): void {
      db.prepare('INSERT INTO audit_log (at, actor_id, action, summary, details_json) VALUES (?, ?, ?, ?, ?)').run(
        now(),
        input.actorId,
        input.action,
        input.summary,
        JSON.stringify(input.details ?? {}),
      );
    },
    list(limit = 200): AuditEntry[] {
      return (
        db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as {
          id: number;
          at: string;
          actor_id: number | null;
          action: string;
          summary: string;
          details_json: string;
        }[]
      ).map((r) => ({ id: r.id, at: r.at, actorId: r.actor_id, action: r.action, summary: r.summary, details: JSON.parse(r.details_json) }));
    },
  };
}
