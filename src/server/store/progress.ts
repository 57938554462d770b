import { inTransaction, now, parseJson, type SqlExecutor } from './db';

/** Lesson completion, lab passes and saved lab work. Lab routes call the lab functions. */
export function createProgressRepository(db: SqlExecutor) {
  return {
    async markLessonComplete(userId: number, lesson: string): Promise<void> {
      await db.run('INSERT INTO lesson_progress (user_id, lesson, completed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [userId, lesson, now()]);
    },
    async unmarkLessonComplete(userId: number, lesson: string): Promise<void> {
      await db.run('DELETE FROM lesson_progress WHERE user_id = ? AND lesson = ?', [userId, lesson]);
    },
    async listCompletedLessons(userId: number): Promise<{ lesson: string; completedAt: string }[]> {
      const rows = await db.all<{ lesson: string; completed_at: string }>(
        'SELECT lesson, completed_at FROM lesson_progress WHERE user_id = ? ORDER BY completed_at',
        [userId],
      );
      return rows.map((r) => ({ lesson: r.lesson, completedAt: r.completed_at }));
    },
    /**
     * Idempotent: the first pass is kept, with the code that passed and whether the learner had asked for the
     * solution before it.
     */
    async recordLabPass(userId: number, labId: string, pass: { files?: Record<string, string> } = {}): Promise<void> {
      await inTransaction(db, async (tx) => {
        const viewed = (await tx.get('SELECT 1 AS x FROM solution_views WHERE user_id = ? AND lab_id = ?', [userId, labId])) ? 1 : 0;
        await tx.run(
          'INSERT INTO lab_passes (user_id, lab_id, passed_at, files_json, solution_viewed) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
          [userId, labId, now(), pass.files ? JSON.stringify(pass.files) : null, viewed],
        );
      });
    },
    /** Recorded when a signed-in learner asks for a lab's solution (the solution is served only then). */
    async recordSolutionView(userId: number, labId: string): Promise<void> {
      await db.run('INSERT INTO solution_views (user_id, lab_id, viewed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [userId, labId, now()]);
    },
    async listSolutionViews(): Promise<{ userId: number; labId: string; viewedAt: string }[]> {
      const rows = await db.all<{ user_id: number; lab_id: string; viewed_at: string }>('SELECT user_id, lab_id, viewed_at FROM solution_views');
      return rows.map((r) => ({ userId: r.user_id, labId: r.lab_id, viewedAt: r.viewed_at }));
    },
    /** A pass with its code, for the instructor. */
    async getLabPass(userId: number, labId: string): Promise<{ passedAt: string; files: Record<string, string> | null; solutionViewed: boolean } | undefined> {
      const r = await db.get<{ passed_at: string; files_json: string | null; solution_viewed: number }>(
        'SELECT passed_at, files_json, solution_viewed FROM lab_passes WHERE user_id = ? AND lab_id = ?',
        [userId, labId],
      );
      return r && { passedAt: r.passed_at, files: parseJson(r.files_json, null), solutionViewed: r.solution_viewed === 1 };
    },
    async listLabPasses(userId: number): Promise<{ labId: string; passedAt: string }[]> {
      const rows = await db.all<{ lab_id: string; passed_at: string }>('SELECT lab_id, passed_at FROM lab_passes WHERE user_id = ? ORDER BY passed_at', [userId]);
      return rows.map((r) => ({ labId: r.lab_id, passedAt: r.passed_at }));
    },
    async saveLabWork(userId: number, labId: string, files: Record<string, string>): Promise<void> {
      await db.run(
        `INSERT INTO lab_work (user_id, lab_id, files_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, lab_id) DO UPDATE SET files_json = excluded.files_json, updated_at = excluded.updated_at`,
        [userId, labId, JSON.stringify(files), now()],
      );
    },
    async loadLabWork(userId: number, labId: string): Promise<{ files: Record<string, string>; updatedAt: string } | undefined> {
      const r = await db.get<{ files_json: string; updated_at: string }>('SELECT files_json, updated_at FROM lab_work WHERE user_id = ? AND lab_id = ?', [
        userId,
        labId,
      ]);
      return r && { files: parseJson<Record<string, string>>(r.files_json, {}), updatedAt: r.updated_at };
    },
    /** For the instructor dashboard: everyone's completions and passes in two queries. */
    async summary(): Promise<{ lessons: { userId: number; lesson: string }[]; labs: { userId: number; labId: string; solutionViewed: boolean }[] }> {
      const lessons = await db.all<{ user_id: number; lesson: string }>('SELECT user_id, lesson FROM lesson_progress');
      const labs = await db.all<{ user_id: number; lab_id: string; solution_viewed: number }>('SELECT user_id, lab_id, solution_viewed FROM lab_passes');
      return {
        lessons: lessons.map((r) => ({ userId: r.user_id, lesson: r.lesson })),
        labs: labs.map((r) => ({ userId: r.user_id, labId: r.lab_id, solutionViewed: r.solution_viewed === 1 })),
      };
    },
  };
}

export type ProgressRepository = ReturnType<typeof createProgressRepository>;
