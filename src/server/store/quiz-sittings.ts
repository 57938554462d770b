import { inTransaction, now, parseJson, type SqlExecutor } from './db';

/** Option order per question id: what the learner is shown for one attempt. */
export type OptionOrder = Record<string, string[]>;

export interface AttemptStart {
  number: number;
  order: OptionOrder;
  startedAt: string;
}

export interface Extension {
  extraAttempts: number;
  extraMinutes: number;
  /** A later close date for this learner (ISO), or null. */
  closeAt: string | null;
}

type StartRow = { number: number; order_json: string; started_at: string };

/** The attempt a learner is working on (its option order and start time) and per-learner accommodations. */
export function createQuizSittingsRepository(db: SqlExecutor) {
  return {
    /** The open attempt for `number`, created with `order` if there is none yet (kept until submitted). */
    async openAttempt(userId: number, quizId: string, number: number, order: () => OptionOrder): Promise<AttemptStart> {
      // Read and insert in one write transaction: two tabs opening at once get the same order.
      return inTransaction(db, async (tx) => {
        const r = await tx.get<StartRow>('SELECT number, order_json, started_at FROM attempt_starts WHERE user_id = ? AND quiz_id = ?', [userId, quizId]);
        if (r && r.number === number) return { number, order: parseJson(r.order_json, {}), startedAt: r.started_at };
        const start = { number, order: order(), startedAt: now() };
        await tx.run(
          `INSERT INTO attempt_starts (user_id, quiz_id, number, order_json, started_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (user_id, quiz_id) DO UPDATE SET number = excluded.number, order_json = excluded.order_json, started_at = excluded.started_at`,
          [userId, quizId, number, JSON.stringify(start.order), start.startedAt],
        );
        return start;
      });
    },
    async peekAttempt(userId: number, quizId: string): Promise<AttemptStart | undefined> {
      const r = await db.get<StartRow>('SELECT number, order_json, started_at FROM attempt_starts WHERE user_id = ? AND quiz_id = ?', [userId, quizId]);
      return r && { number: r.number, order: parseJson(r.order_json, {}), startedAt: r.started_at };
    },
    async closeAttempt(userId: number, quizId: string): Promise<void> {
      await db.run('DELETE FROM attempt_starts WHERE user_id = ? AND quiz_id = ?', [userId, quizId]);
    },
    async extension(userId: number, quizId: string): Promise<Extension | undefined> {
      const r = await db.get<{ extra_attempts: number; extra_minutes: number; close_at: string | null }>(
        'SELECT extra_attempts, extra_minutes, close_at FROM quiz_extensions WHERE user_id = ? AND quiz_id = ?',
        [userId, quizId],
      );
      return r && { extraAttempts: r.extra_attempts, extraMinutes: r.extra_minutes, closeAt: r.close_at };
    },
    async setExtension(userId: number, quizId: string, ext: Extension, grantedBy: number): Promise<void> {
      await db.run(
        `INSERT INTO quiz_extensions (user_id, quiz_id, extra_attempts, extra_minutes, close_at, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, quiz_id) DO UPDATE SET extra_attempts = excluded.extra_attempts, extra_minutes = excluded.extra_minutes,
         close_at = excluded.close_at, granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
        [userId, quizId, ext.extraAttempts, ext.extraMinutes, ext.closeAt, grantedBy, now()],
      );
    },
    async listExtensions(): Promise<({ userId: number; quizId: string } & Extension)[]> {
      const rows = await db.all<{ user_id: number; quiz_id: string; extra_attempts: number; extra_minutes: number; close_at: string | null }>(
        'SELECT * FROM quiz_extensions ORDER BY quiz_id, user_id',
      );
      return rows.map((r) => ({ userId: r.user_id, quizId: r.quiz_id, extraAttempts: r.extra_attempts, extraMinutes: r.extra_minutes, closeAt: r.close_at }));
    },
  };
}

export type QuizSittingsRepository = ReturnType<typeof createQuizSittingsRepository>;
