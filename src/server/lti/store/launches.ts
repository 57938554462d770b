import type { DatabaseSync } from 'node:sqlite';
import { now } from '../../store/db';

export interface LoginState {
  platformId: number;
  nonce: string;
  bindingHash: string;
  storageTarget: string | null;
}

export interface DeepLinkRequest {
  platformId: number;
  deploymentId: string;
  userId: number;
  returnUrl: string;
  data: string | null;
  acceptMultiple: boolean;
}

/** Short-lived launch records: OIDC states, used nonces, one-time launch tokens and deep-linking sessions. */
export function createLaunchesRepository(db: DatabaseSync) {
  return {
    saveState(stateHash: string, s: LoginState, expiresAt: string): void {
      db.prepare('DELETE FROM lti_login_states WHERE expires_at <= ?').run(now());
      db.prepare('INSERT INTO lti_login_states (state_hash, platform_id, nonce, binding_hash, storage_target, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        stateHash,
        s.platformId,
        s.nonce,
        s.bindingHash,
        s.storageTarget,
        expiresAt,
      );
    },
    findState(stateHash: string): LoginState | undefined {
      const r = db.prepare('SELECT * FROM lti_login_states WHERE state_hash = ? AND expires_at > ?').get(stateHash, now()) as
        | { platform_id: number; nonce: string; binding_hash: string; storage_target: string | null }
        | undefined;
      return r && { platformId: r.platform_id, nonce: r.nonce, bindingHash: r.binding_hash, storageTarget: r.storage_target };
    },
    /** Consumes the state and records its nonce as used; false when either was already used (a replay). */
    consume(stateHash: string, platformId: number, nonce: string, nonceExpiresAt: string): boolean {
      const gone = Number(db.prepare('DELETE FROM lti_login_states WHERE state_hash = ?').run(stateHash).changes);
      if (!gone) return false;
      db.prepare('DELETE FROM lti_used_nonces WHERE expires_at <= ?').run(now());
      const added = Number(
        db.prepare('INSERT INTO lti_used_nonces (platform_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(platformId, nonce, nonceExpiresAt).changes,
      );
      return added > 0;
    },
    nonceUsed(platformId: number, nonce: string): boolean {
      return !!db.prepare('SELECT 1 FROM lti_used_nonces WHERE platform_id = ? AND nonce = ?').get(platformId, nonce);
    },
    saveLaunchToken(tokenHash: string, userId: number, target: string, expiresAt: string): void {
      db.prepare('DELETE FROM lti_launch_tokens WHERE expires_at <= ?').run(now());
      db.prepare('INSERT INTO lti_launch_tokens (token_hash, user_id, target, expires_at) VALUES (?, ?, ?, ?)').run(tokenHash, userId, target, expiresAt);
    },
    /** Single use: the row is deleted as it is read. */
    takeLaunchToken(tokenHash: string): { userId: number; target: string } | undefined {
      const r = db.prepare('DELETE FROM lti_launch_tokens WHERE token_hash = ? AND expires_at > ? RETURNING user_id, target').get(tokenHash, now()) as
        | { user_id: number; target: string }
        | undefined;
      return r && { userId: r.user_id, target: r.target };
    },
    saveDeepLink(tokenHash: string, d: DeepLinkRequest, expiresAt: string): void {
      db.prepare('DELETE FROM lti_deep_links WHERE expires_at <= ?').run(now());
      db.prepare(
        'INSERT INTO lti_deep_links (token_hash, platform_id, deployment_id, user_id, return_url, data, accept_multiple, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(tokenHash, d.platformId, d.deploymentId, d.userId, d.returnUrl, d.data, d.acceptMultiple ? 1 : 0, expiresAt);
    },
    findDeepLink(tokenHash: string): DeepLinkRequest | undefined {
      const r = db.prepare('SELECT * FROM lti_deep_links WHERE token_hash = ? AND expires_at > ?').get(tokenHash, now()) as
        | { platform_id: number; deployment_id: string; user_id: number; return_url: string; data: string | null; accept_multiple: number }
        | undefined;
      return (
        r && { platformId: r.platform_id, deploymentId: r.deployment_id, userId: r.user_id, returnUrl: r.return_url, data: r.data, acceptMultiple: r.accept_multiple === 1 }
      );
    },
    deleteDeepLink(tokenHash: string): void {
      db.prepare('DELETE FROM lti_deep_links WHERE token_hash = ?').run(tokenHash);
    },
  };
}
