import type { DatabaseSync } from 'node:sqlite';
import { ConflictError, NotFoundError } from '../errors';
import { now, parseJson, transaction } from './db';

export type AnswerStatus = 'graded' | 'pending';

export interface StoredAnswer {
  questionId: string;
  response: unknown;
  maxPoints: number;
  status: AnswerStatus;
  score: number | null;
  rubric: string[] | null;
  comment: string | null;
  graderId: number | null;
  gradedAt: string | null;
}

export interface StoredAttempt {
  id: number;
  userId: number;
  quizId: string;
  number: number;
  submittedAt: string;
  keyHash: string;
  /** Option order shown for this attempt (question id → option ids); null for attempts before shuffling. */
  order: Record<string, string[]> | null;
  startedAt: string | null;
  answers: StoredAnswer[];
}

export interface NewAnswer {
  questionId: string;
  response: unknown;
  maxPoints: number;
  status: AnswerStatus;
  score: number | null;
}

export interface AnswerGrade {
  status: AnswerStatus;
  score: number | null;
  rubric?: string[] | null;
  comment?: string | null;
  graderId?: number | null;
  /** Set when a regrade changes the question's points. */
  maxPoints?: number;
}

interface AttemptRow {
  id: number;
  user_id: number;
  quiz_id: string;
  number: number;
  submitted_at: string;
  key_hash: string;
  order_json: string | null;
  started_at: string | null;
}
interface AnswerRow {
  attempt_id: number;
  question_id: string;
  response_json: string;
  max_points: number;
  status: AnswerStatus;
  score: number | null;
  rubric_json: string | null;
  comment: string | null;
  grader_id: number | null;
  graded_at: string | null;
}

const toAnswer = (r: AnswerRow): StoredAnswer => ({
  questionId: r.question_id,
  response: parseJson(r.response_json, null),
  maxPoints: r.max_points,
  status: r.status,
  score: r.score,
  rubric: parseJson<string[] | null>(r.rubric_json, null),
  comment: r.comment,
  graderId: r.grader_id,
  gradedAt: r.graded_at,
});

/** Drafts, submitted attempts and the grades of their answers. */
export function createAttemptsRepository(db: DatabaseSync) {
  function withAnswers(rows: AttemptRow[]): StoredAttempt[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const answers = db
      .prepare(`SELECT * FROM answers WHERE attempt_id IN (${ids.map(() => '?').join(',')}) ORDER BY rowid`)
      .all(...ids) as unknown as AnswerRow[];
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      quizId: r.quiz_id,
      number: r.number,
      submittedAt: r.submitted_at,
      keyHash: r.key_hash,
      order: parseJson<Record<string, string[]> | null>(r.order_json, null),
      startedAt: r.started_at,
      answers: answers.filter((a) => a.attempt_id === r.id).map(toAnswer),
    }));
  }

  function setGrade(attemptId: number, questionId: string, grade: AnswerGrade): void {
    const result = db
      .prepare(
        `UPDATE answers SET status = ?, score = ?, rubric_json = ?, comment = ?, grader_id = ?, graded_at = ?,
         max_points = COALESCE(?, max_points) WHERE attempt_id = ? AND question_id = ?`,
      )
      .run(
        grade.status,
        grade.score,
        grade.rubric ? JSON.stringify(grade.rubric) : null,
        grade.comment ?? null,
        grade.graderId ?? null,
        grade.status === 'graded' ? now() : null,
        grade.maxPoints ?? null,
        attemptId,
        questionId,
      );
    if (Number(result.changes) === 0) throw new NotFoundError('No such answer.');
  }

  return {
    saveDraft(userId: number, quizId: string, answers: Record<string, unknown>): string {
      const at = now();
      db.prepare(
        `INSERT INTO drafts (user_id, quiz_id, answers_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, quiz_id) DO UPDATE SET answers_json = excluded.answers_json, updated_at = excluded.updated_at`,
      ).run(userId, quizId, JSON.stringify(answers), at);
      return at;
    },
    loadDraft(userId: number, quizId: string): { answers: Record<string, unknown>; updatedAt: string } | undefined {
      const r = db.prepare('SELECT answers_json, updated_at FROM drafts WHERE user_id = ? AND quiz_id = ?').get(userId, quizId) as
        | { answers_json: string; updated_at: string }
        | undefined;
      return r && { answers: parseJson(r.answers_json, {}), updatedAt: r.updated_at };
    },

    /**
     * Stores an attempt and its answers atomically, refusing it if the learner has used every allowed attempt.
     * The count and the insert share one IMMEDIATE transaction, so parallel submits cannot exceed the limit.
     */
    submit(input: {
      userId: number;
      quizId: string;
      allowed: number | null;
      keyHash: string;
      answers: NewAnswer[];
      order?: Record<string, string[]>;
      startedAt?: string;
    }): StoredAttempt {
      return transaction(db, () => {
        const { n } = db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE user_id = ? AND quiz_id = ?').get(input.userId, input.quizId) as {
          n: number;
        };
        if (input.allowed !== null && n >= input.allowed) {
          throw new ConflictError(`You have used all ${input.allowed} attempts at this quiz.`, { allowed: input.allowed });
        }
        const attempt = db
          .prepare('INSERT INTO attempts (user_id, quiz_id, number, submitted_at, key_hash, order_json, started_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *')
          .get(input.userId, input.quizId, n + 1, now(), input.keyHash, input.order ? JSON.stringify(input.order) : null, input.startedAt ?? null) as unknown as AttemptRow;
        const insert = db.prepare(
          'INSERT INTO answers (attempt_id, question_id, response_json, max_points, status, score) VALUES (?, ?, ?, ?, ?, ?)',
        );
        for (const a of input.answers) insert.run(attempt.id, a.questionId, JSON.stringify(a.response ?? null), a.maxPoints, a.status, a.score);
        db.prepare('DELETE FROM drafts WHERE user_id = ? AND quiz_id = ?').run(input.userId, input.quizId);
        db.prepare('DELETE FROM attempt_starts WHERE user_id = ? AND quiz_id = ?').run(input.userId, input.quizId);
        return withAnswers([attempt])[0]!;
      });
    },

    countAttempts(userId: number, quizId: string): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE user_id = ? AND quiz_id = ?').get(userId, quizId) as { n: number }).n;
    },
    listForLearner(userId: number, quizId: string): StoredAttempt[] {
      return withAnswers(
        db.prepare('SELECT * FROM attempts WHERE user_id = ? AND quiz_id = ? ORDER BY number').all(userId, quizId) as unknown as AttemptRow[],
      );
    },
    listForQuiz(quizId: string): StoredAttempt[] {
      return withAnswers(db.prepare('SELECT * FROM attempts WHERE quiz_id = ? ORDER BY id').all(quizId) as unknown as AttemptRow[]);
    },
    listAll(): StoredAttempt[] {
      return withAnswers(db.prepare('SELECT * FROM attempts ORDER BY id').all() as unknown as AttemptRow[]);
    },
    get(attemptId: number): StoredAttempt | undefined {
      return withAnswers(db.prepare('SELECT * FROM attempts WHERE id = ?').all(attemptId) as unknown as AttemptRow[])[0];
    },

    /** Answers of one question across learners, oldest first: the grading queue. */
    listAnswersForQuestion(quizId: string, questionId: string): { attemptId: number; userId: number; submittedAt: string; status: AnswerStatus }[] {
      return (
        db
          .prepare(
            `SELECT a.id, a.user_id, a.submitted_at, ans.status FROM answers ans JOIN attempts a ON a.id = ans.attempt_id
             WHERE a.quiz_id = ? AND ans.question_id = ? ORDER BY a.submitted_at, a.id`,
          )
          .all(quizId, questionId) as { id: number; user_id: number; submitted_at: string; status: AnswerStatus }[]
      ).map((r) => ({ attemptId: r.id, userId: r.user_id, submittedAt: r.submitted_at, status: r.status }));
    },
    countPending(): { quizId: string; questionId: string; pending: number }[] {
      return (
        db
          .prepare(
            `SELECT a.quiz_id, ans.question_id, COUNT(*) AS pending FROM answers ans JOIN attempts a ON a.id = ans.attempt_id
             WHERE ans.status = 'pending' GROUP BY a.quiz_id, ans.question_id`,
          )
          .all() as { quiz_id: string; question_id: string; pending: number }[]
      ).map((r) => ({ quizId: r.quiz_id, questionId: r.question_id, pending: r.pending }));
    },

    grade(attemptId: number, questionId: string, grade: AnswerGrade): void {
      transaction(db, () => setGrade(attemptId, questionId, grade));
    },

    /** Applies a regrade's new scores and its record of what changed in one transaction. */
    applyRegrade(input: {
      quizId: string;
      instructorId: number | null;
      keyHash: string;
      changes: { attemptId: number; questionId: string; old: AnswerGrade; next: AnswerGrade }[];
    }): number {
      return transaction(db, () => {
        const { id } = db
          .prepare('INSERT INTO regrades (quiz_id, instructor_id, at, key_hash) VALUES (?, ?, ?, ?) RETURNING id')
          .get(input.quizId, input.instructorId, now(), input.keyHash) as { id: number };
        const record = db.prepare(
          'INSERT INTO regrade_changes (regrade_id, attempt_id, question_id, old_score, new_score, old_status, new_status) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        for (const c of input.changes) {
          setGrade(c.attemptId, c.questionId, c.next);
          record.run(id, c.attemptId, c.questionId, c.old.score, c.next.score, c.old.status, c.next.status);
        }
        db.prepare('UPDATE attempts SET key_hash = ? WHERE quiz_id = ?').run(input.keyHash, input.quizId);
        return id;
      });
    },
    listRegrades(quizId: string): { id: number; at: string; instructorId: number | null; changes: { attemptId: number; questionId: string; oldScore: number | null; newScore: number | null; oldStatus: string; newStatus: string }[] }[] {
      const regrades = db.prepare('SELECT * FROM regrades WHERE quiz_id = ? ORDER BY id DESC').all(quizId) as {
        id: number;
        at: string;
        instructor_id: number | null;
      }[];
      const changes = db.prepare('SELECT * FROM regrade_changes WHERE regrade_id = ?');
      return regrades.map((r) => ({
        id: r.id,
        at: r.at,
        instructorId: r.instructor_id,
        changes: (changes.all(r.id) as { attempt_id: number; question_id: string; old_score: number | null; new_score: number | null; old_status: string; new_status: string }[]).map((c) => ({
          attemptId: c.attempt_id,
          questionId: c.question_id,
          oldScore: c.old_score,
          newScore: c.new_score,
          oldStatus: c.old_status,
          newStatus: c.new_status,
        })),
      }));
    },
  };
}

export type AttemptsRepository = ReturnType<typeof createAttemptsRepository>;
