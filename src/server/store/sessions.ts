import type { DatabaseSync } from 'node:sqlite';
import { now } from './db';
import type { Role } from './users';

export interface SessionRecord {
  userId: number;
  csrfToken: string;
  expiresAt: string;
  user: { id: number; email: string; name: string; role: Role };
}

/** Stores only hashes of session tokens: a leaked database does not let anyone sign in as a learner. */
export function createSessionsRepository(db: DatabaseSync) {
  return {
    create(input: { tokenHash: string; userId: number; csrfToken: string; expiresAt: string }): void {
      db.prepare('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
        input.tokenHash,
        input.userId,
        input.csrfToken,
        now(),
        input.expiresAt,
      );
    },
    find(tokenHash: string): SessionRecord | undefined {
      const r = db
        .prepare(
          `SELECT s.user_id, s.csrf_token, s.expires_at, u.email, u.name, u.role
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`,
        )
        .get(tokenHash, now()) as
        | { user_id: number; csrf_token: string; expires_at: string; email: string; name: string; role: Role }
        | undefined;
      if (!r) return undefined;
      return {
        userId: r.user_id,
        csrfToken: r.csrf_token,
        expiresAt: r.expires_at,
        user: { id: r.user_id, email: r.email, name: r.name, role: r.role },
      };
    },
    delete(tokenHash: string): void {
      db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    },
    /** "Sign out everywhere" and password changes: every session of the account ends. */
    deleteAllForUser(userId: number): number {
      return Number(db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes);
    },
    deleteExpired(): number {
      return Number(db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now()).changes);
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
