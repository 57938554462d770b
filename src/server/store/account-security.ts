import { inTransaction, now, type SqlExecutor } from './db';

/** Browsers that signed in to an account before (sign-in throttling lets them through), and password resets. */
export function createAccountSecurityRepository(db: SqlExecutor) {
  return {
    async rememberDevice(tokenHash: string, userId: number): Promise<void> {
      await db.run('INSERT INTO known_devices (token_hash, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [tokenHash, userId, now()]);
    },
    async isKnownDevice(tokenHash: string, userId: number): Promise<boolean> {
      return !!(await db.get('SELECT 1 AS x FROM known_devices WHERE token_hash = ? AND user_id = ?', [tokenHash, userId]));
    },
    async createReset(input: { tokenHash: string; userId: number; createdBy: number; expiresAt: string }): Promise<void> {
      // One live link per account: issuing a new one retires the old.
      await inTransaction(db, async (tx) => {
        await tx.run('DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL', [input.userId]);
        await tx.run('INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
          input.tokenHash,
          input.userId,
          input.createdBy,
          now(),
          input.expiresAt,
        ]);
      });
    },
    /** Marks a valid, unused link used and returns its account; undefined when the link is not valid. */
    async consumeReset(tokenHash: string): Promise<number | undefined> {
      const at = now();
      const r = await db.get<{ user_id: number }>(
        'UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id',
        [at, tokenHash, at],
      );
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
export function createAuditRepository(db: SqlExecutor) {
  return {
    async record(input: { actorId: number | null; action: string; summary: string; details?: unknown }): Promise<void> {
      await db.run('INSERT INTO audit_log (at, actor_id, action, summary, details_json) VALUES (?, ?, ?, ?, ?)', [
        now(),
        input.actorId,
        input.action,
        input.summary,
        JSON.stringify(input.details ?? {}),
      ]);
    },
    async list(limit = 200): Promise<AuditEntry[]> {
      const rows = await db.all<{ id: number; at: string; actor_id: number | null; action: string; summary: string; details_json: string }>(
        'SELECT * FROM audit_log ORDER BY id DESC LIMIT ?',
        [limit],
      );
      return rows.map((r) => ({ id: r.id, at: r.at, actorId: r.actor_id, action: r.action, summary: r.summary, details: JSON.parse(r.details_json) }));
    },
  };
}
