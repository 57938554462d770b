import type { DatabaseSync } from 'node:sqlite';
import { now, parseJson, transaction } from './db';

/** Lesson completion, lab passes and saved lab work. Lab routes call the lab functions. */
export function createProgressRepository(db: DatabaseSync) {
  return {
    markLessonComplete(userId: number, lesson: string): void {
      db.prepare('INSERT INTO lesson_progress (user_id, lesson, completed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(userId, lesson, now());
    },
    unmarkLessonComplete(userId: number, lesson: string): void {
      db.prepare('DELETE FROM lesson_progress WHERE user_id = ? AND lesson = ?').run(userId, lesson);
    },
    listCompletedLessons(userId: number): { lesson: string; completedAt: string }[] {
      return (db.prepare('SELECT lesson, completed_at FROM lesson_progress WHERE user_id = ? ORDER BY completed_at').all(userId) as {
        lesson: string;
        completed_at: string;
      }[]).map((r) => ({ lesson: r.lesson, completedAt: r.completed_at }));
    },
    /**
     * Idempotent: the first pass is kept, with the code that passed and whether the learner had asked for the
     * solution before it.
     */
    recordLabPass(userId: number, labId: string, pass: { files?: Record<string, string> } = {}): void {
      transaction(db, () => {
        const viewed = db.prepare('SELECT 1 FROM solution_views WHERE user_id = ? AND lab_id = ?').get(userId, labId) ? 1 : 0;
        db.prepare(
          'INSERT INTO lab_passes (user_id, lab_id, passed_at, files_json, solution_viewed) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        ).run(userId, labId, now(), pass.files ? JSON.stringify(pass.files) : null, viewed);
      });
    },
    /** Recorded when a signed-in learner asks for a lab's solution (the solution is served only then). */
    recordSolutionView(userId: number, labId: string): void {
      db.prepare('INSERT INTO solution_views (user_id, lab_id, viewed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(userId, labId, now());
    },
    listSolutionViews(): { userId: number; labId: string; viewedAt: string }[] {
      return (db.prepare('SELECT user_id, lab_id, viewed_at FROM solution_views').all() as { user_id: number; lab_id: string; viewed_at: string }[]).map(
        (r) => ({ userId: r.user_id, labId: r.lab_id, viewedAt: r.viewed_at }),
      );
    },
    /** A pass with its code, for the instructor. */
    getLabPass(userId: number, labId: string): { passedAt: string; files: Record<string, string> | null; solutionViewed: boolean } | undefined {
      const r = db.prepare('SELECT passed_at, files_json, solution_viewed FROM lab_passes WHERE user_id = ? AND lab_id = ?').get(userId, labId) as
        | { passed_at: string; files_json: string | null; solution_viewed: number }
        | undefined;
      return r && { passedAt: r.passed_at, files: parseJson(r.files_json, null), solutionViewed: r.solution_viewed === 1 };
    },
    listLabPasses(userId: number): { labId: string; passedAt: string }[] {
      return (db.prepare('SELECT lab_id, passed_at FROM lab_passes WHERE user_id = ? ORDER BY passed_at').all(userId) as {
        lab_id: string;
        passed_at: string;
      }[]).map((r) => ({ labId: r.lab_id, passedAt: r.passed_at }));
    },
    saveLabWork(userId: number, labId: string, files: Record<string, string>): void {
      transaction(db, () => {
        db.prepare(
          `INSERT INTO lab_work (user_id, lab_id, files_json, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (user_id, lab_id) DO UPDATE SET files_json = excluded.files_json, updated_at = excluded.updated_at`,
        ).run(userId, labId, JSON.stringify(files), now());
      });
    },
    loadLabWork(userId: number, labId: string): { files: Record<string, string>; updatedAt: string } | undefined {
      const r = db.prepare('SELECT files_json, updated_at FROM lab_work WHERE user_id = ? AND lab_id = ?').get(userId, labId) as
        | { files_json: string; updated_at: string }
        | undefined;
      return r && { files: parseJson<Record<string, string>>(r.files_json, {}), updatedAt: r.updated_at };
    },
    /** For the instructor dashboard: everyone's completions and passes in two queries. */
    summary(): { lessons: { userId: number; lesson: string }[]; labs: { userId: number; labId: string; solutionViewed: boolean }[] } {
      const lessons = db.prepare('SELECT user_id, lesson FROM lesson_progress').all() as { user_id: number; lesson: string }[];
      const labs = db.prepare('SELECT user_id, lab_id, solution_viewed FROM lab_passes').all() as { user_id: number; lab_id: string; solution_viewed: number }[];
      return {
        lessons: lessons.map((r) => ({ userId: r.user_id, lesson: r.lesson })),
        labs: labs.map((r) => ({ userId: r.user_id, labId: r.lab_id, solutionViewed: r.solution_viewed === 1 })),
      };
    },
  };
}

export type ProgressRepository = ReturnType<typeof createProgressRepository>;
