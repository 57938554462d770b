import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecord, SessionsRepository } from '../store/sessions';

export const SESSION_COOKIE = 'course_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** Creates a session; only the token's hash is stored, the token itself goes in the cookie. */
export async function startSession(sessions: SessionsRepository, userId: number): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await sessions.create({ tokenHash: hashToken(token), userId, csrfToken, expiresAt: expiresAt.toISOString() });
  return { token, csrfToken, expiresAt };
}

export async function findSession(sessions: SessionsRepository, token: string | undefined): Promise<SessionRecord | undefined> {
  if (!token || token.length > 200) return undefined;
  return sessions.find(hashToken(token));
}

export async function endSession(sessions: SessionsRepository, token: string | undefined): Promise<void> {
  if (token) await sessions.delete(hashToken(token));
}
