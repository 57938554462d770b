import type { DatabaseSync } from 'node:sqlite';
import { now } from './db';
import type { Role } from './users';

/** Invitations to sign up with a given role; only a hash of each one-time token is stored. */
export function createInvitesRepository(db: DatabaseSync) {
  return {
    create(input: { tokenHash: string; email: string; role: Role; createdBy: number; expiresAt: string }): void {
      db.prepare('INSERT INTO invites (token_hash, email, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        input.tokenHash,
        input.email,
        input.role,
        input.createdBy,
        now(),
        input.expiresAt,
      );
    },
    /** An unused, unexpired invitation. */
    findValid(tokenHash: string): { email: string; role: Role } | undefined {
      return db.prepare('SELECT email, role FROM invites WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?').get(tokenHash, now()) as
        | { email: string; role: Role }
        | undefined;
    },
    markUsed(tokenHash: string): void {
      db.prepare('UPDATE invites SET used_at = ? WHERE token_hash = ?').run(now(), tokenHash);
    },
  };
}

export type InvitesRepository = ReturnType<typeof createInvitesRepository>;
