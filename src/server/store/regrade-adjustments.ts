import type { DatabaseSync } from 'node:sqlite';
import type { Adjustment } from '../grading/adjustments';
import { now } from './db';

/** Regrade decisions beyond the answer key, per quiz, in the order they were made. */
export function createRegradeAdjustmentsRepository(db: DatabaseSync) {
  return {
    list(quizId: string): Adjustment[] {
      const rows = db.prepare('SELECT question_id, kind, option_id FROM regrade_adjustments WHERE quiz_id = ? ORDER BY created_at, question_id').all(quizId) as {
        question_id: string;
        kind: Adjustment['kind'];
        option_id: string;
      }[];
      return rows.map((r) => ({ questionId: r.question_id, kind: r.kind, ...(r.option_id ? { optionId: r.option_id } : {}) }));
    },
    add(quizId: string, adjustment: Adjustment, actorId: number | null): void {
      db.prepare(
        'INSERT INTO regrade_adjustments (quiz_id, question_id, kind, option_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (quiz_id, question_id, kind, option_id) DO NOTHING',
      ).run(quizId, adjustment.questionId, adjustment.kind, adjustment.optionId ?? '', actorId, now());
    },
  };
}

export type RegradeAdjustmentsRepository = ReturnType<typeof createRegradeAdjustmentsRepository>;
