import { now, type SqlExecutor } from './db';
import type { Role } from './users';

/** Invitations to sign up with a given role; only a hash of each one-time token is stored. */
export function createInvitesRepository(db: SqlExecutor) {
  return {
    async create(input: { tokenHash: string; email: string; role: Role; createdBy: number; expiresAt: string }): Promise<void> {
      await db.run('INSERT INTO invites (token_hash, email, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [
        input.tokenHash,
        input.email,
        input.role,
        input.createdBy,
        now(),
        input.expiresAt,
      ]);
    },
    /** An unused, unexpired invitation. */
    async findValid(tokenHash: string): Promise<{ email: string; role: Role } | undefined> {
      return db.get<{ email: string; role: Role }>('SELECT email, role FROM invites WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?', [
        tokenHash,
        now(),
      ]);
    },
    async markUsed(tokenHash: string): Promise<void> {
      await db.run('UPDATE invites SET used_at = ? WHERE token_hash = ?', [now(), tokenHash]);
    },
  };
}

export type InvitesRepository = ReturnType<typeof createInvitesRepository>;
