import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { LtiRepository } from './store';

const ALG = 'RS256';
/** A retired key stays in the JWKS this long, so tokens it signed (minutes at most) still verify at the platform. */
const RETIRED_GRACE_MS = 24 * 60 * 60 * 1000;

/** Our RS256 keys: stored in the database, the newest signs, the JWKS publishes only public parts. */
export function createToolKeys(repo: LtiRepository['keys']) {
  async function rotate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
    const kid = randomUUID();
    const pub = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    const priv = { ...(await exportJWK(privateKey)), kid, alg: ALG };
    await repo.insert({ kid, privateJwk: JSON.stringify(priv), publicJwk: JSON.stringify(pub) });
    await repo.retireAllBut(kid);
    await repo.deleteRetiredBefore(new Date(Date.now() - RETIRED_GRACE_MS).toISOString());
    return kid;
  }

  let creating: Promise<string> | undefined;
  async function activeKey() {
    let key = await repo.active();
    if (!key) {
      // One key for concurrent first calls in this process.
      creating ??= rotate().finally(() => (creating = undefined));
      await creating;
      key = (await repo.active())!;
    }
    return key;
  }

  return {
    rotate,
    async jwks(): Promise<{ keys: JWK[] }> {
      await activeKey();
      return { keys: (await repo.list()).map((k) => JSON.parse(k.publicJwk) as JWK) };
    },
    async sign(payload: JWTPayload, expiresInSeconds: number): Promise<string> {
      const key = await activeKey();
      const jwk = JSON.parse(key.privateJwk) as JWK;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime(`${expiresInSeconds}s`)
        .setJti(randomUUID())
        .sign(await importJWK(jwk, ALG));
    },
    list: async () => (await repo.list()).map((k) => ({ kid: k.kid, createdAt: k.createdAt, retiredAt: k.retiredAt })),
  };
}

export type ToolKeys = ReturnType<typeof createToolKeys>;
