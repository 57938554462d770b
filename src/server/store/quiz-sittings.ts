import type { DatabaseSync } from 'node:sqlite';
import { now, parseJson, transaction } from './db';

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

/** The attempt a learner is working on (its option order and start time) and per-learner accommodations. */
export function createQuizSittingsRepository(db: DatabaseSync) {
  return {
    /** The open attempt for `number`, created with `order` if there is none yet (kept until submitted). */
    openAttempt(userId: number, quizId: string, number: number, order: () => OptionOrder): AttemptStart {
      // Read and insert in one write transaction: two tabs opening at once get the same order.
      return transaction(db, () => {
      const r = db.prepare('SELECT number, order_json, started_at FROM attempt_starts WHERE user_id = ? AND quiz_id = ?').get(userId, quizId) as
        | { number: number; order_json: string; started_at: string }
        | undefined;
      if (r && r.number === number) return { number, order: parseJson(r.order_json, {}), startedAt: r.started_at };
      const start = { number, order: order(), startedAt: now() };
      db.prepare(
        `INSERT INTO attempt_starts (user_id, quiz_id, number, order_json, started_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id, quiz_id) DO UPDATE SET number = excluded.number, order_json = excluded.order_json, started_at = excluded.started_at`,
      ).run(userId, quizId, number, JSON.stringify(start.order), start.startedAt);
      return start;
      });
    },
    peekAttempt(userId: number, quizId: string): AttemptStart | undefined {
      const r = db.prepare('SELECT number, order_json, started_at FROM attempt_starts WHERE user_id = ? AND quiz_id = ?').get(userId, quizId) as
        | { number: number; order_json: string; started_at: string }
        | undefined;
      return r && { number: r.number, order: parseJson(r.order_json, {}), startedAt: r.started_at };
    },
    closeAttempt(userId: number, quizId: string): void {
      db.prepare('DELETE FROM attempt_starts WHERE user_id = ? AND quiz_id = ?').run(userId, quizId);
    },
    extension(userId: number, quizId: string): Extension | undefined {
      const r = db.prepare('SELECT extra_attempts, extra_minutes, close_at FROM quiz_extensions WHERE user_id = ? AND quiz_id = ?').get(userId, quizId) as
        | { extra_attempts: number; extra_minutes: number; close_at: string | null }
        | undefined;
      return r && { extraAttempts: r.extra_attempts, extraMinutes: r.extra_minutes, closeAt: r.close_at };
    },
    setExtension(userId: number, quizId: string, ext: Extension, grantedBy: number): void {
      db.prepare(
        `INSERT INTO quiz_extensions (user_id, quiz_id, extra_attempts, extra_minutes, close_at, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, quiz_id) DO UPDATE SET extra_attempts = excluded.extra_attempts, extra_minutes = excluded.extra_minutes,
         close_at = excluded.close_at, granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
      ).run(userId, quizId, ext.extraAttempts, ext.extraMinutes, ext.closeAt, grantedBy, now());
    },
    listExtensions(): ({ userId: number; quizId: string } & Extension)[] {
      return (
        db.prepare('SELECT * FROM quiz_extensions ORDER BY quiz_id, user_id').all() as {
          user_id: number;
          quiz_id: string;
          extra_attempts: number;
          extra_minutes: number;
          close_at: string | null;
        }[]
      ).map((r) => ({ userId: r.user_id, quizId: r.quiz_id, extraAttempts: r.extra_attempts, extraMinutes: r.extra_minutes, closeAt: r.close_at }));
    },
  };
}

export type QuizSittingsRepository = ReturnType<typeof createQuizSittingsRepository>;
