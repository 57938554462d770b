import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from './sql';

export interface QueueRow {
  ticket: string;
  owner_key: string;
  anonymous: number;
  joined_at: string;
  polled_at: string;
}

const iso = (ms = Date.now()) => new Date(ms).toISOString();

/**
 * The site-wide line for a sandbox, first come first served across every web process and runner. A ticket
 * lives while its holder polls; one nobody polled for `lapseMs` lapses.
 */
export function createQueueRepository(db: SqlExecutor, lapseMs: number) {
  return {
    async sweep() {
      await db.run('DELETE FROM lab_queue WHERE polled_at < ?', [iso(Date.now() - lapseMs)]);
    },
    /** The owner's live ticket (polling refreshes it), or undefined. */
    async find(ticket: string | undefined, ownerKey: string): Promise<QueueRow | undefined> {
      if (!ticket) return undefined;
      const row = await db.get<QueueRow>('SELECT * FROM lab_queue WHERE ticket = ? AND owner_key = ? AND polled_at >= ?', [ticket, ownerKey, iso(Date.now() - lapseMs)]);
      if (row) await db.run('UPDATE lab_queue SET polled_at = ? WHERE ticket = ?', [iso(), ticket]);
      return row;
    },
    async join(ownerKey: string, anonymous: boolean): Promise<QueueRow> {
      // One place per owner: a second tab (or a second web process) joins at the owner's existing place.
      const existing = await db.get<QueueRow>('SELECT * FROM lab_queue WHERE owner_key = ? AND polled_at >= ? ORDER BY joined_at LIMIT 1', [ownerKey, iso(Date.now() - lapseMs)]);
      if (existing) return existing;
      const now = iso();
      const row = { ticket: randomBytes(16).toString('base64url'), owner_key: ownerKey, anonymous: anonymous ? 1 : 0, joined_at: now, polled_at: now };
      await db.run('INSERT INTO lab_queue (ticket, owner_key, anonymous, joined_at, polled_at) VALUES (?, ?, ?, ?, ?)', [row.ticket, row.owner_key, row.anonymous, row.joined_at, row.polled_at]);
      return row;
    },
    async leave(ticket: string) {
      await db.run('DELETE FROM lab_queue WHERE ticket = ?', [ticket]);
    },
    /** Live tickets in order (the line is short: it is bounded by the people waiting). */
    line: () => db.all<QueueRow>('SELECT * FROM lab_queue WHERE polled_at >= ? ORDER BY joined_at, ticket', [iso(Date.now() - lapseMs)]),
  };
}

export type QueueRepository = ReturnType<typeof createQueueRepository>;
