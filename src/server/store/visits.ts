import type { DatabaseSync } from 'node:sqlite';
import { now } from './db';

/** When a learner last opened "My grades", so the site can say what was graded since. */
export function createVisitsRepository(db: DatabaseSync) {
  return {
    gradesSeenAt(userId: number): string | null {
      const row = db.prepare('SELECT seen_at FROM grades_seen WHERE user_id = ?').get(userId) as { seen_at: string } | undefined;
      return row?.seen_at ?? null;
    },
    markGradesSeen(userId: number): string {
      const at = now();
      db.prepare('INSERT INTO grades_seen (user_id, seen_at) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at').run(userId, at);
      return at;
    },
  };
}

export type VisitsRepository = ReturnType<typeof createVisitsRepository>;
