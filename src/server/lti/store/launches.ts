import { inTransaction, now, type SqlExecutor } from '../../store/db';

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
export function createLaunchesRepository(db: SqlExecutor) {
  return {
    async saveState(stateHash: string, s: LoginState, expiresAt: string): Promise<void> {
      await db.run('DELETE FROM lti_login_states WHERE expires_at <= ?', [now()]);
      await db.run('INSERT INTO lti_login_states (state_hash, platform_id, nonce, binding_hash, storage_target, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [
        stateHash,
        s.platformId,
        s.nonce,
        s.bindingHash,
        s.storageTarget,
        expiresAt,
      ]);
    },
    async findState(stateHash: string): Promise<LoginState | undefined> {
      const r = await db.get<{ platform_id: number; nonce: string; binding_hash: string; storage_target: string | null }>(
        'SELECT * FROM lti_login_states WHERE state_hash = ? AND expires_at > ?',
        [stateHash, now()],
      );
      return r && { platformId: r.platform_id, nonce: r.nonce, bindingHash: r.binding_hash, storageTarget: r.storage_target };
    },
    /** Consumes the state and records its nonce as used; false when either was already used (a replay). */
    async consume(stateHash: string, platformId: number, nonce: string, nonceExpiresAt: string): Promise<boolean> {
      return inTransaction(db, async (tx) => {
        const gone = (await tx.run('DELETE FROM lti_login_states WHERE state_hash = ?', [stateHash])).changes;
        if (!gone) return false;
        await tx.run('DELETE FROM lti_used_nonces WHERE expires_at <= ?', [now()]);
        const added = (
          await tx.run('INSERT INTO lti_used_nonces (platform_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [platformId, nonce, nonceExpiresAt])
        ).changes;
        return added > 0;
      });
    },
    async nonceUsed(platformId: number, nonce: string): Promise<boolean> {
      return !!(await db.get('SELECT 1 AS x FROM lti_used_nonces WHERE platform_id = ? AND nonce = ?', [platformId, nonce]));
    },
    async saveLaunchToken(tokenHash: string, userId: number, target: string, expiresAt: string): Promise<void> {
      await db.run('DELETE FROM lti_launch_tokens WHERE expires_at <= ?', [now()]);
      await db.run('INSERT INTO lti_launch_tokens (token_hash, user_id, target, expires_at) VALUES (?, ?, ?, ?)', [tokenHash, userId, target, expiresAt]);
    },
    /** Single use: the row is deleted as it is read. */
    async takeLaunchToken(tokenHash: string): Promise<{ userId: number; target: string } | undefined> {
      const r = await db.get<{ user_id: number; target: string }>(
        'DELETE FROM lti_launch_tokens WHERE token_hash = ? AND expires_at > ? RETURNING user_id, target',
        [tokenHash, now()],
      );
      return r && { userId: r.user_id, target: r.target };
    },
    async saveDeepLink(tokenHash: string, d: DeepLinkRequest, expiresAt: string): Promise<void> {
      await db.run('DELETE FROM lti_deep_links WHERE expires_at <= ?', [now()]);
      await db.run(
        'INSERT INTO lti_deep_links (token_hash, platform_id, deployment_id, user_id, return_url, data, accept_multiple, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [tokenHash, d.platformId, d.deploymentId, d.userId, d.returnUrl, d.data, d.acceptMultiple ? 1 : 0, expiresAt],
      );
    },
    async findDeepLink(tokenHash: string): Promise<DeepLinkRequest | undefined> {
      const r = await db.get<{ platform_id: number; deployment_id: string; user_id: number; return_url: string; data: string | null; accept_multiple: number }>(
        'SELECT * FROM lti_deep_links WHERE token_hash = ? AND expires_at > ?',
        [tokenHash, now()],
      );
      return (
        r && { platformId: r.platform_id, deploymentId: r.deployment_id, userId: r.user_id, returnUrl: r.return_url, data: r.data, acceptMultiple: r.accept_multiple === 1 }
      );
    },
    async deleteDeepLink(tokenHash: string): Promise<void> {
      await db.run('DELETE FROM lti_deep_links WHERE token_hash = ?', [tokenHash]);
    },
  };
}
