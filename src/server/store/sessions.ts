import { now, type SqlExecutor } from './db';
import type { Role } from './users';

export interface SessionRecord {
  userId: number;
  csrfToken: string;
  expiresAt: string;
  user: { id: number; email: string; name: string; role: Role };
}

/** Stores only hashes of session tokens: a leaked database does not let anyone sign in as a learner. */
export function createSessionsRepository(db: SqlExecutor) {
  return {
    async create(input: { tokenHash: string; userId: number; csrfToken: string; expiresAt: string }): Promise<void> {
      await db.run('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
        input.tokenHash,
        input.userId,
        input.csrfToken,
        now(),
        input.expiresAt,
      ]);
    },
    async find(tokenHash: string): Promise<SessionRecord | undefined> {
      const r = await db.get<{ user_id: number; csrf_token: string; expires_at: string; email: string; name: string; role: Role }>(
        `SELECT s.user_id, s.csrf_token, s.expires_at, u.email, u.name, u.role
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`,
        [tokenHash, now()],
      );
      if (!r) return undefined;
      return {
        userId: r.user_id,
        csrfToken: r.csrf_token,
        expiresAt: r.expires_at,
        user: { id: r.user_id, email: r.email, name: r.name, role: r.role },
      };
    },
    async delete(tokenHash: string): Promise<void> {
      await db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
    },
    /** "Sign out everywhere" and password changes: every session of the account ends. */
    async deleteAllForUser(userId: number): Promise<number> {
      return (await db.run('DELETE FROM sessions WHERE user_id = ?', [userId])).changes;
    },
    async deleteExpired(): Promise<number> {
      return (await db.run('DELETE FROM sessions WHERE expires_at <= ?', [now()])).changes;
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
