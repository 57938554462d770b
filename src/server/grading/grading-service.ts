import type { Answers } from '../../schemas/api';
import type { Quiz } from '../../schemas/quiz';
import { InvalidInputError, NotFoundError } from '../errors';
import type { QuizBank } from '../quiz-bank/parse-bank';
import type { AnswerGrade } from '../store/attempts';
import type { Store } from '../store/create-store';
import { autoGrade, normalizeResponse } from './auto-grade';
import { attemptView, type AttemptView } from './learner-view';
import { rescoreRubric, scoreRubric } from './rubric';
import { countedAttempt, keyHash } from './scores';
import { scoreChanged } from '../score-events';

export interface LearnerQuizState {
  quizId: string;
  policy: Quiz['attempts'];
  attemptsUsed: number;
  /** null when unlimited. */
  attemptsRemaining: number | null;
  draft: { answers: Record<string, unknown>; updatedAt: string } | null;
  attempts: AttemptView[];
  /** The attempt that counts under the policy. */
  countedAttemptId: number | null;
}

/** Submissions, learner views, instructor grading and regrades. Routes stay thin by calling only this. */
export function createGradingService(deps: { store: Store; bank: QuizBank }) {
  const { store, bank } = deps;

  function quiz(id: string): Quiz {
    const q = bank.get(id);
    if (!q) throw new NotFoundError(`No quiz "${id}".`);
    return q;
  }

  function learnerState(userId: number, quizId: string): LearnerQuizState {
    const qz = quiz(quizId);
    const attempts = store.attempts.listForLearner(userId, quizId);
    const allowed = qz.attempts.allowed === 'unlimited' ? null : qz.attempts.allowed;
    return {
      quizId,
      policy: qz.attempts,
      attemptsUsed: attempts.length,
      attemptsRemaining: allowed === null ? null : Math.max(0, allowed - attempts.length),
      draft: store.attempts.loadDraft(userId, quizId) ?? null,
      attempts: attempts.map((a) => attemptView(qz, a)),
      countedAttemptId: countedAttempt(attempts, qz.attempts)?.id ?? null,
    };
  }

  function saveDraft(userId: number, quizId: string, answers: Answers): { updatedAt: string } {
    const qz = quiz(quizId);
    const known = new Set(qz.questions.map((q) => q.id));
    const unknown = Object.keys(answers).filter((id) => !known.has(id));
    if (unknown.length) throw new InvalidInputError(`Unknown question(s): ${unknown.join(', ')}.`);
    return { updatedAt: store.attempts.saveDraft(userId, quizId, answers) };
  }

  function submit(userId: number, quizId: string, answers: Answers): AttemptView {
    const qz = quiz(quizId);
    const known = new Set(qz.questions.map((q) => q.id));
    const unknown = Object.keys(answers).filter((id) => !known.has(id));
    if (unknown.length) throw new InvalidInputError(`Unknown question(s): ${unknown.join(', ')}.`);
    const labsPassed = new Set(store.progress.listLabPasses(userId).map((p) => p.labId));
    const graded = qz.questions.map((q) => {
      const response = normalizeResponse(q, answers[q.id]);
      return { questionId: q.id, response, maxPoints: q.points, ...autoGrade(q, response, { labsPassed }) };
    });
    const attempt = store.attempts.submit({
      userId,
      quizId,
      allowed: qz.attempts.allowed === 'unlimited' ? null : qz.attempts.allowed,
      keyHash: keyHash(qz),
      answers: graded,
    });
    scoreChanged({ userId, kind: 'quiz', itemId: quizId });
    return attemptView(qz, attempt);
  }

  function gradeText(input: { graderId: number; attemptId: number; questionId: string; rubric: string[]; comment: string }): void {
    const attempt = store.attempts.get(input.attemptId);
    if (!attempt) throw new NotFoundError('No such attempt.');
    const q = quiz(attempt.quizId).questions.find((x) => x.id === input.questionId);
    if (!q || !attempt.answers.some((a) => a.questionId === q.id)) throw new NotFoundError('No such answer.');
    if (q.type !== 'text') throw new InvalidInputError('Only free-text answers are graded by hand.');
    const { score, checked } = scoreRubric(q, input.rubric);
    store.attempts.grade(attempt.id, q.id, { status: 'graded', score, rubric: checked, comment: input.comment.trim() || null, graderId: input.graderId });
    scoreChanged({ userId: attempt.userId, kind: 'quiz', itemId: attempt.quizId });
  }

  /** Attempts scored under an older answer key or rubric. */
  function staleAttempts(quizId: string): number {
    const current = keyHash(quiz(quizId));
    return store.attempts.listForQuiz(quizId).filter((a) => a.keyHash !== current).length;
  }

  /**
   * Re-scores every attempt at `quizId` against the current key and rubric. Hand grades keep their checked items
   * and comment; only their points follow the rubric. Returns what changed; the store keeps the same record.
   */
  function regrade(quizId: string, instructorId: number | null) {
    // Read, compare and write in one transaction: a grade saved meanwhile cannot be overwritten with stale data.
    return store.transaction(() => regradeInTransaction(quizId, instructorId));
  }

  function regradeInTransaction(quizId: string, instructorId: number | null) {
    const qz = quiz(quizId);
    const changes: { attemptId: number; questionId: string; old: AnswerGrade; next: AnswerGrade }[] = [];
    const labsByUser = new Map<number, Set<string>>();
    for (const attempt of store.attempts.listForQuiz(quizId)) {
      if (!labsByUser.has(attempt.userId)) labsByUser.set(attempt.userId, new Set(store.progress.listLabPasses(attempt.userId).map((p) => p.labId)));
      for (const a of attempt.answers) {
        const q = qz.questions.find((x) => x.id === a.questionId);
        if (!q) continue; // A removed question keeps its old score; nothing to compare it with.
        const old: AnswerGrade = { status: a.status, score: a.score, rubric: a.rubric, comment: a.comment, graderId: a.graderId };
        let next: AnswerGrade;
        if (q.type === 'text') {
          // Hand grades keep their checked items and comment; pending and blank answers have nothing to re-score.
          const r = a.status === 'graded' && a.rubric ? rescoreRubric(q, a.rubric) : undefined;
          next = r ? { ...old, score: r.score, rubric: r.checked } : { ...old };
        } else {
          let response: unknown = a.response;
          try {
            response = normalizeResponse(q, a.response as never);
          } catch {
            response = null; // An option that no longer exists scores like no answer.
          }
          next = { ...old, ...autoGrade(q, response as never, { labsPassed: labsByUser.get(attempt.userId)! }) };
        }
        if (next.score !== null) next.score = Math.min(next.score, q.points);
        next.maxPoints = q.points;
        if (next.score !== old.score || next.status !== old.status || a.maxPoints !== q.points) {
          changes.push({ attemptId: attempt.id, questionId: q.id, old, next });
        }
      }
    }
    const regradeId = store.attempts.applyRegrade({ quizId, instructorId, keyHash: keyHash(qz), changes });
    for (const userId of new Set(changes.map((c) => store.attempts.get(c.attemptId)!.userId))) scoreChanged({ userId, kind: 'quiz', itemId: quizId });
    return { regradeId, changed: changes.map((c) => ({ attemptId: c.attemptId, questionId: c.questionId, oldScore: c.old.score, newScore: c.next.score })) };
  }

  return { quiz, learnerState, saveDraft, submit, gradeText, staleAttempts, regrade };
}

export type GradingService = ReturnType<typeof createGradingService>;
