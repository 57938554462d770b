import type { Adjustment } from '../grading/adjustments';
import { now, type SqlExecutor } from './db';

/** Regrade decisions beyond the answer key, per quiz, in the order they were made. */
export function createRegradeAdjustmentsRepository(db: SqlExecutor) {
  return {
    async list(quizId: string): Promise<Adjustment[]> {
      const rows = await db.all<{ question_id: string; kind: Adjustment['kind']; option_id: string }>(
        'SELECT question_id, kind, option_id FROM regrade_adjustments WHERE quiz_id = ? ORDER BY created_at, question_id',
        [quizId],
      );
      return rows.map((r) => ({ questionId: r.question_id, kind: r.kind, ...(r.option_id ? { optionId: r.option_id } : {}) }));
    },
    async add(quizId: string, adjustment: Adjustment, actorId: number | null): Promise<void> {
      await db.run(
        'INSERT INTO regrade_adjustments (quiz_id, question_id, kind, option_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (quiz_id, question_id, kind, option_id) DO NOTHING',
        [quizId, adjustment.questionId, adjustment.kind, adjustment.optionId ?? '', actorId, now()],
      );
    },
  };
}

export type RegradeAdjustmentsRepository = ReturnType<typeof createRegradeAdjustmentsRepository>;
