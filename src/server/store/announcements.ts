import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from './sql/driver';

export interface ClassAnnouncement {
  id: string;
  labId: string;
  learners: number;
  /** ISO-8601 (UTC). */
  startsAt: string;
  note: string;
  createdBy: number | null;
  createdAt: string;
  cancelledAt: string | null;
}

interface Row {
  id: string;
  lab_id: string;
  learners: number;
  starts_at: string;
  note: string;
  created_by: number | null;
  created_at: string;
  cancelled_at: string | null;
}

const COLUMNS = 'id, lab_id, learners, starts_at, note, created_by, created_at, cancelled_at';
const toAnnouncement = (r: Row): ClassAnnouncement => ({
  id: r.id,
  labId: r.lab_id,
  learners: Number(r.learners),
  startsAt: r.starts_at,
  note: r.note,
  createdBy: r.created_by === null ? null : Number(r.created_by),
  createdAt: r.created_at,
  cancelledAt: r.cancelled_at,
});

/** Announced classes. Times are ISO-8601 UTC text, so they compare as strings in both dialects. */
export function createAnnouncementsRepository(db: SqlExecutor) {
  return {
    async create(input: { labId: string; learners: number; startsAt: string; note?: string; createdBy: number | null }): Promise<ClassAnnouncement> {
      const row: Row = {
        id: randomUUID(),
        lab_id: input.labId,
        learners: input.learners,
        starts_at: input.startsAt,
        note: input.note ?? '',
        created_by: input.createdBy,
        created_at: new Date().toISOString(),
        cancelled_at: null,
      };
      await db.run(`INSERT INTO class_announcements (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        row.id,
        row.lab_id,
        row.learners,
        row.starts_at,
        row.note,
        row.created_by,
        row.created_at,
        row.cancelled_at,
      ]);
      return toAnnouncement(row);
    },
    async get(id: string): Promise<ClassAnnouncement | undefined> {
      const row = await db.get<Row>(`SELECT ${COLUMNS} FROM class_announcements WHERE id = ?`, [id]);
      return row ? toAnnouncement(row) : undefined;
    },
    /** Classes starting at or after `from`, cancelled ones included (the dashboard shows them as such), soonest first. */
    async listFrom(from: string, limit = 100): Promise<ClassAnnouncement[]> {
      const rows = await db.all<Row>(`SELECT ${COLUMNS} FROM class_announcements WHERE starts_at >= ? ORDER BY starts_at, id LIMIT ?`, [from, limit]);
      return rows.map(toAnnouncement);
    },
    /** Classes not cancelled that start between `from` and `to` (what the warm pool prepares for). */
    async listActive(from: string, to: string): Promise<ClassAnnouncement[]> {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM class_announcements WHERE cancelled_at IS NULL AND starts_at >= ? AND starts_at <= ? ORDER BY starts_at, id`,
        [from, to],
      );
      return rows.map(toAnnouncement);
    },
    /** Marks a class cancelled; false when there is no such class or it was cancelled already. */
    async cancel(id: string): Promise<boolean> {
      const { changes } = await db.run('UPDATE class_announcements SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL', [new Date().toISOString(), id]);
      return changes > 0;
    },
  };
}

export type AnnouncementsRepository = ReturnType<typeof createAnnouncementsRepository>;
