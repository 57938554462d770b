import type { SqlExecutor } from './sql';

/** The site-wide record of a sandbox: where it runs, who owns it, its token's hash. */
export interface SandboxRecord {
  id: string;
  runner_id: string | null;
  token_hash: string;
  account_id: string;
  owner_key: string | null;
  anonymous: number;
  user_id: number | null;
  lab_id: string | null;
  created_at: string;
  last_used: string;
  moves: number;
}

export type NewSandboxRecord = Pick<SandboxRecord, 'id' | 'runner_id' | 'token_hash' | 'account_id' | 'owner_key' | 'user_id' | 'lab_id'> & { anonymous: boolean };

const iso = (ms = Date.now()) => new Date(ms).toISOString();

export function createSandboxesRepository(db: SqlExecutor) {
  return {
    async insert(r: NewSandboxRecord) {
      const now = iso();
      await db.run(
        'INSERT INTO lab_sandboxes (id, runner_id, token_hash, account_id, owner_key, anonymous, user_id, lab_id, created_at, last_used, moves) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
        [r.id, r.runner_id, r.token_hash, r.account_id, r.owner_key, r.anonymous ? 1 : 0, r.user_id, r.lab_id, now, now],
      );
    },
    get: (id: string) => db.get<SandboxRecord>('SELECT * FROM lab_sandboxes WHERE id = ?', [id]),
    /** Written at most every few seconds per sandbox, so a run costs no write in the common case. */
    async touch(id: string, minAgeMs = 5_000) {
      await db.run('UPDATE lab_sandboxes SET last_used = ? WHERE id = ? AND last_used < ?', [iso(), id, iso(Date.now() - minAgeMs)]);
    },
    /** Moves the record from `from` (compare-and-set: of two web processes, one wins). */
    async move(id: string, from: string | null, to: string): Promise<boolean> {
      const sql = from === null
        ? 'UPDATE lab_sandboxes SET runner_id = ?, moves = moves + 1 WHERE id = ? AND runner_id IS NULL'
        : 'UPDATE lab_sandboxes SET runner_id = ?, moves = moves + 1 WHERE id = ? AND runner_id = ?';
      return (await db.run(sql, from === null ? [to, id] : [to, id, from])).changes === 1;
    },
    /** A draining runner hands its sandboxes back: they are placed again on their next use. */
    async release(runnerId: string): Promise<number> {
      return (await db.run('UPDATE lab_sandboxes SET runner_id = NULL WHERE runner_id = ?', [runnerId])).changes;
    },
    byOwner: (ownerKey: string) => db.all<SandboxRecord>('SELECT * FROM lab_sandboxes WHERE owner_key = ? ORDER BY created_at, id', [ownerKey]),
    /** Ids among `ids` whose record is gone or now points at another runner (a runner drops those copies). */
    async notHeldBy(runnerId: string, ids: string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      const rows = await db.all<{ id: string }>(`SELECT id FROM lab_sandboxes WHERE runner_id = ? AND id IN (${ids.map(() => '?').join(', ')})`, [runnerId, ...ids]);
      const held = new Set(rows.map((r) => r.id));
      return ids.filter((id) => !held.has(id));
    },
    /** Sandboxes placed on live runners, per runner, and how many of them anonymous visitors hold. */
    countsOnRunners: (runnerIds: string[]) =>
      runnerIds.length === 0
        ? Promise.resolve([] as Array<{ runner_id: string; n: number; anon: number }>)
        : db.all<{ runner_id: string; n: number; anon: number }>(
            `SELECT runner_id, COUNT(*) AS n, SUM(anonymous) AS anon FROM lab_sandboxes WHERE runner_id IN (${runnerIds.map(() => '?').join(', ')}) GROUP BY runner_id`,
            runnerIds,
          ),
    /** The least recently used sandbox idle since `before` (optionally anonymous only), on the given runners. */
    oldestIdle: (before: string, anonymousOnly: boolean) =>
      db.get<SandboxRecord>(`SELECT * FROM lab_sandboxes WHERE last_used < ?${anonymousOnly ? ' AND anonymous = 1' : ''} ORDER BY last_used LIMIT 1`, [before]),
    idleSince: (before: string) => db.all<SandboxRecord>('SELECT * FROM lab_sandboxes WHERE last_used < ? LIMIT 200', [before]),
    async delete(id: string) {
      await db.run('DELETE FROM lab_sandbox_snapshots WHERE sandbox_id = ?', [id]);
      return (await db.run('DELETE FROM lab_sandboxes WHERE id = ?', [id])).changes === 1;
    },
    async saveSnapshot(id: string, snapshot: string) {
      await db.run(
        'INSERT INTO lab_sandbox_snapshots (sandbox_id, snapshot, bytes, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (sandbox_id) DO UPDATE SET snapshot = excluded.snapshot, bytes = excluded.bytes, updated_at = excluded.updated_at',
        [id, snapshot, snapshot.length, iso()],
      );
    },
    loadSnapshot: async (id: string) => (await db.get<{ snapshot: string }>('SELECT snapshot FROM lab_sandbox_snapshots WHERE sandbox_id = ?', [id]))?.snapshot ?? null,
  };
}

export type SandboxesRepository = ReturnType<typeof createSandboxesRepository>;
