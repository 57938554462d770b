import { now, type SqlExecutor } from './db';

/** When a learner last opened "My grades", so the site can say what was graded since. */
export function createVisitsRepository(db: SqlExecutor) {
  return {
    async gradesSeenAt(userId: number): Promise<string | null> {
      const row = await db.get<{ seen_at: string }>('SELECT seen_at FROM grades_seen WHERE user_id = ?', [userId]);
      return row?.seen_at ?? null;
    },
    async markGradesSeen(userId: number): Promise<string> {
      const at = now();
      await db.run('INSERT INTO grades_seen (user_id, seen_at) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at', [userId, at]);
      return at;
    },
  };
}

export type VisitsRepository = ReturnType<typeof createVisitsRepository>;
