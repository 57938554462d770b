import type { Adjustment } from '../grading/adjustments';
import { now, type SqlExecutor } from './db';

/** Class 0: site-wide (made without a class, or before classes); it applies to every learner. */
export const SITE_WIDE = 0;

type Row = { question_id: string; kind: Adjustment['kind']; option_id: string };
const toAdjustment = (r: Row): Adjustment => ({ questionId: r.question_id, kind: r.kind, ...(r.option_id ? { optionId: r.option_id } : {}) });

/** Regrade decisions beyond the answer key, per class and quiz, in the order they were made. */
export function createRegradeAdjustmentsRepository(db: SqlExecutor) {
  return {
    /** One class's own adjustments (site-wide ones when no class is given). */
    async list(quizId: string, classId: number = SITE_WIDE): Promise<Adjustment[]> {
      const rows = await db.all<Row>(
        'SELECT question_id, kind, option_id FROM class_regrade_adjustments WHERE quiz_id = ? AND class_id = ? ORDER BY created_at, question_id',
        [quizId, classId],
      );
      return rows.map(toAdjustment);
    },
    /** What grades a learner in these classes: the site-wide adjustments and each class's, once each. */
    async forClasses(quizId: string, classIds: readonly number[]): Promise<Adjustment[]> {
      const ids = [SITE_WIDE, ...classIds];
      const rows = await db.all<Row>(
        `SELECT question_id, kind, option_id FROM class_regrade_adjustments WHERE quiz_id = ? AND class_id IN (${ids.map(() => '?').join(', ')})
         ORDER BY created_at, question_id, kind, option_id`,
        [quizId, ...ids],
      );
      const seen = new Set<string>();
      return rows.filter((r) => !seen.has(`${r.question_id}|${r.kind}|${r.option_id}`) && seen.add(`${r.question_id}|${r.kind}|${r.option_id}`)).map(toAdjustment);
    },
    async add(quizId: string, adjustment: Adjustment, actorId: number | null, classId: number = SITE_WIDE): Promise<void> {
      await db.run(
        `INSERT INTO class_regrade_adjustments (class_id, quiz_id, question_id, kind, option_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (class_id, quiz_id, question_id, kind, option_id) DO NOTHING`,
        [classId, quizId, adjustment.questionId, adjustment.kind, adjustment.optionId ?? '', actorId, now()],
      );
    },
  };
}

export type RegradeAdjustmentsRepository = ReturnType<typeof createRegradeAdjustmentsRepository>;
