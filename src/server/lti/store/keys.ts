import type { DatabaseSync } from 'node:sqlite';
import { now } from '../../store/db';

export interface KeyRecord {
  kid: string;
  privateJwk: string;
  publicJwk: string;
  createdAt: string;
  retiredAt: string | null;
}

/** Our signing keys. Private keys never leave this table except to sign on this server. */
export function createKeysRepository(db: DatabaseSync) {
  const toKey = (r: { kid: string; private_jwk: string; public_jwk: string; created_at: string; retired_at: string | null }): KeyRecord => ({
    kid: r.kid,
    privateJwk: r.private_jwk,
    publicJwk: r.public_jwk,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
  });
  return {
    insert(k: { kid: string; privateJwk: string; publicJwk: string }): void {
      db.prepare('INSERT INTO lti_keys (kid, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?)').run(k.kid, k.privateJwk, k.publicJwk, now());
    },
    /** The newest key not retired signs. */
    active(): KeyRecord | undefined {
      const r = db.prepare('SELECT * FROM lti_keys WHERE retired_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1').get() as never;
      return r && toKey(r);
    },
    list(): KeyRecord[] {
      return (db.prepare('SELECT * FROM lti_keys ORDER BY created_at, rowid').all() as never[]).map(toKey);
    },
    retireAllBut(kid: string): void {
      db.prepare('UPDATE lti_keys SET retired_at = ? WHERE kid != ? AND retired_at IS NULL').run(now(), kid);
    },
    /** Drops retired keys older than `before`: tokens signed with them have long expired. */
    deleteRetiredBefore(before: string): void {
      db.prepare('DELETE FROM lti_keys WHERE retired_at IS NOT NULL AND retired_at < ?').run(before);
    },
  };
}
