import { ConflictError, NotFoundError } from '../errors';
import { inTransaction, now, parseJson, placeholders, type SqlExecutor } from './db';

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
export function createAttemptsRepository(db: SqlExecutor) {
  // Answers in the order they were stored: SQLite's rowid, an identity column on PostgreSQL.
  const answerOrder = db.dialect === 'postgres' ? 'seq' : 'rowid';

  async function withAnswers(rows: AttemptRow[], on: SqlExecutor = db): Promise<StoredAttempt[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const answers = await on.all<AnswerRow>(`SELECT * FROM answers WHERE attempt_id IN (${placeholders(ids.length)}) ORDER BY ${answerOrder}`, ids);
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

  async function setGrade(on: SqlExecutor, attemptId: number, questionId: string, grade: AnswerGrade): Promise<void> {
    const result = await on.run(
      `UPDATE answers SET status = ?, score = ?, rubric_json = ?, comment = ?, grader_id = ?, graded_at = ?,
       max_points = COALESCE(?, max_points) WHERE attempt_id = ? AND question_id = ?`,
      [
        grade.status,
        grade.score,
        grade.rubric ? JSON.stringify(grade.rubric) : null,
        grade.comment ?? null,
        grade.graderId ?? null,
        grade.status === 'graded' ? now() : null,
        grade.maxPoints ?? null,
        attemptId,
        questionId,
      ],
    );
    if (result.changes === 0) throw new NotFoundError('No such answer.');
  }

  return {
    async saveDraft(userId: number, quizId: string, answers: Record<string, unknown>): Promise<string> {
      const at = now();
      await db.run(
        `INSERT INTO drafts (user_id, quiz_id, answers_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, quiz_id) DO UPDATE SET answers_json = excluded.answers_json, updated_at = excluded.updated_at`,
        [userId, quizId, JSON.stringify(answers), at],
      );
      return at;
    },
    async loadDraft(userId: number, quizId: string): Promise<{ answers: Record<string, unknown>; updatedAt: string } | undefined> {
      const r = await db.get<{ answers_json: string; updated_at: string }>('SELECT answers_json, updated_at FROM drafts WHERE user_id = ? AND quiz_id = ?', [
        userId,
        quizId,
      ]);
      return r && { answers: parseJson(r.answers_json, {}), updatedAt: r.updated_at };
    },

    /**
     * Stores an attempt and its answers atomically, refusing it if the learner has used every allowed attempt.
     * The count and the insert share one transaction (BEGIN IMMEDIATE on SQLite, SERIALIZABLE with retry on
     * PostgreSQL), so parallel submits, from any process, cannot exceed the limit.
     */
    async submit(input: {
      userId: number;
      quizId: string;
      allowed: number | null;
      keyHash: string;
      answers: NewAnswer[];
      order?: Record<string, string[]>;
      startedAt?: string;
    }): Promise<StoredAttempt> {
      return inTransaction(db, async (tx) => {
        const counted = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM attempts WHERE user_id = ? AND quiz_id = ?', [input.userId, input.quizId]);
        const n = Number(counted?.n ?? 0);
        if (input.allowed !== null && n >= input.allowed) {
          throw new ConflictError(`You have used all ${input.allowed} attempts at this quiz.`, { allowed: input.allowed });
        }
        const attempt = await tx.get<AttemptRow>(
          'INSERT INTO attempts (user_id, quiz_id, number, submitted_at, key_hash, order_json, started_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
          [input.userId, input.quizId, n + 1, now(), input.keyHash, input.order ? JSON.stringify(input.order) : null, input.startedAt ?? null],
        );
        for (const a of input.answers) {
          await tx.run('INSERT INTO answers (attempt_id, question_id, response_json, max_points, status, score) VALUES (?, ?, ?, ?, ?, ?)', [
            attempt!.id,
            a.questionId,
            JSON.stringify(a.response ?? null),
            a.maxPoints,
            a.status,
            a.score,
          ]);
        }
        await tx.run('DELETE FROM drafts WHERE user_id = ? AND quiz_id = ?', [input.userId, input.quizId]);
        await tx.run('DELETE FROM attempt_starts WHERE user_id = ? AND quiz_id = ?', [input.userId, input.quizId]);
        return (await withAnswers([attempt!], tx))[0]!;
      });
    },

    async countAttempts(userId: number, quizId: string): Promise<number> {
      const r = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM attempts WHERE user_id = ? AND quiz_id = ?', [userId, quizId]);
      return Number(r?.n ?? 0);
    },
    async listForLearner(userId: number, quizId: string): Promise<StoredAttempt[]> {
      return withAnswers(await db.all<AttemptRow>('SELECT * FROM attempts WHERE user_id = ? AND quiz_id = ? ORDER BY number', [userId, quizId]));
    },
    async listForQuiz(quizId: string): Promise<StoredAttempt[]> {
      return withAnswers(await db.all<AttemptRow>('SELECT * FROM attempts WHERE quiz_id = ? ORDER BY id', [quizId]));
    },
    async listAll(): Promise<StoredAttempt[]> {
      return withAnswers(await db.all<AttemptRow>('SELECT * FROM attempts ORDER BY id'));
    },
    async get(attemptId: number): Promise<StoredAttempt | undefined> {
      return (await withAnswers(await db.all<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attemptId])))[0];
    },

    /** Answers of one question across learners, oldest first: the grading queue. */
    async listAnswersForQuestion(quizId: string, questionId: string): Promise<{ attemptId: number; userId: number; submittedAt: string; status: AnswerStatus }[]> {
      const rows = await db.all<{ id: number; user_id: number; submitted_at: string; status: AnswerStatus }>(
        `SELECT a.id, a.user_id, a.submitted_at, ans.status FROM answers ans JOIN attempts a ON a.id = ans.attempt_id
         WHERE a.quiz_id = ? AND ans.question_id = ? ORDER BY a.submitted_at, a.id`,
        [quizId, questionId],
      );
      return rows.map((r) => ({ attemptId: r.id, userId: r.user_id, submittedAt: r.submitted_at, status: r.status }));
    },
    async countPending(): Promise<{ quizId: string; questionId: string; pending: number }[]> {
      const rows = await db.all<{ quiz_id: string; question_id: string; pending: number }>(
        `SELECT a.quiz_id, ans.question_id, COUNT(*) AS pending FROM answers ans JOIN attempts a ON a.id = ans.attempt_id
         WHERE ans.status = 'pending' GROUP BY a.quiz_id, ans.question_id`,
      );
      return rows.map((r) => ({ quizId: r.quiz_id, questionId: r.question_id, pending: Number(r.pending) }));
    },

    async grade(attemptId: number, questionId: string, grade: AnswerGrade): Promise<void> {
      await setGrade(db, attemptId, questionId, grade);
    },

    /** Applies a regrade's new scores and its record of what changed in one transaction. */
    async applyRegrade(input: {
      quizId: string;
      instructorId: number | null;
      keyHash: string;
      changes: { attemptId: number; questionId: string; old: AnswerGrade; next: AnswerGrade }[];
      /** A regrade for one class: only these learners' attempts move to the new key. */
      userIds?: readonly number[];
    }): Promise<number> {
      return inTransaction(db, async (tx) => {
        const r = await tx.get<{ id: number }>('INSERT INTO regrades (quiz_id, instructor_id, at, key_hash) VALUES (?, ?, ?, ?) RETURNING id', [
          input.quizId,
          input.instructorId,
          now(),
          input.keyHash,
        ]);
        const id = r!.id;
        for (const c of input.changes) {
          await setGrade(tx, c.attemptId, c.questionId, c.next);
          await tx.run(
            'INSERT INTO regrade_changes (regrade_id, attempt_id, question_id, old_score, new_score, old_status, new_status) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [id, c.attemptId, c.questionId, c.old.score, c.next.score, c.old.status, c.next.status],
          );
        }
        if (!input.userIds) await tx.run('UPDATE attempts SET key_hash = ? WHERE quiz_id = ?', [input.keyHash, input.quizId]);
        else if (input.userIds.length > 0)
          await tx.run(`UPDATE attempts SET key_hash = ? WHERE quiz_id = ? AND user_id IN (${placeholders(input.userIds.length)})`, [input.keyHash, input.quizId, ...input.userIds]);
        return id;
      });
    },
    async listRegrades(quizId: string): Promise<
      {
        id: number;
        at: string;
        instructorId: number | null;
        changes: { attemptId: number; questionId: string; oldScore: number | null; newScore: number | null; oldStatus: string; newStatus: string }[];
      }[]
    > {
      const regrades = await db.all<{ id: number; at: string; instructor_id: number | null }>('SELECT * FROM regrades WHERE quiz_id = ? ORDER BY id DESC', [quizId]);
      const out = [];
      for (const r of regrades) {
        const changes = await db.all<{ attempt_id: number; question_id: string; old_score: number | null; new_score: number | null; old_status: string; new_status: string }>(
          'SELECT * FROM regrade_changes WHERE regrade_id = ?',
          [r.id],
        );
        out.push({
          id: r.id,
          at: r.at,
          instructorId: r.instructor_id,
          changes: changes.map((c) => ({
            attemptId: c.attempt_id,
            questionId: c.question_id,
            oldScore: c.old_score,
            newScore: c.new_score,
            oldStatus: c.old_status,
            newStatus: c.new_status,
          })),
        });
      }
      return out;
    },
  };
}

export type AttemptsRepository = ReturnType<typeof createAttemptsRepository>;
