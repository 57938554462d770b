import { now, type SqlExecutor } from '../../store/db';

export interface KeyRecord {
  kid: string;
  privateJwk: string;
  publicJwk: string;
  createdAt: string;
  retiredAt: string | null;
}

type Row = { kid: string; private_jwk: string; public_jwk: string; created_at: string; retired_at: string | null };

/** Our signing keys. Private keys never leave this table except to sign on this server. */
export function createKeysRepository(db: SqlExecutor) {
  // Keys made in the same millisecond keep their order: SQLite's rowid, an identity column on PostgreSQL.
  const seq = db.dialect === 'postgres' ? 'seq' : 'rowid';
  const toKey = (r: Row): KeyRecord => ({
    kid: r.kid,
    privateJwk: r.private_jwk,
    publicJwk: r.public_jwk,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
  });
  return {
    async insert(k: { kid: string; privateJwk: string; publicJwk: string }): Promise<void> {
      await db.run('INSERT INTO lti_keys (kid, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?)', [k.kid, k.privateJwk, k.publicJwk, now()]);
    },
    /** The newest key not retired signs. */
    async active(): Promise<KeyRecord | undefined> {
      const r = await db.get<Row>(`SELECT * FROM lti_keys WHERE retired_at IS NULL ORDER BY created_at DESC, ${seq} DESC LIMIT 1`);
      return r && toKey(r);
    },
    async list(): Promise<KeyRecord[]> {
      return (await db.all<Row>(`SELECT * FROM lti_keys ORDER BY created_at, ${seq}`)).map(toKey);
    },
    async retireAllBut(kid: string): Promise<void> {
      await db.run('UPDATE lti_keys SET retired_at = ? WHERE kid != ? AND retired_at IS NULL', [now(), kid]);
    },
    /** Drops retired keys older than `before`: tokens signed with them have long expired. */
    async deleteRetiredBefore(before: string): Promise<void> {
      await db.run('DELETE FROM lti_keys WHERE retired_at IS NOT NULL AND retired_at < ?', [before]);
    },
  };
}
