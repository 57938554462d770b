import type { Answers } from '../../schemas/api';
import type { Quiz } from '../../schemas/quiz';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import type { QuizBank } from '../quiz-bank/parse-bank';
import type { AnswerGrade } from '../store/attempts';
import type { Store } from '../store/create-store';
import { autoGrade, normalizeResponse } from './auto-grade';
import { attemptView, type AttemptView } from './learner-view';
import { availability, visibility, whenShown, type Availability, type Visibility } from './review';
import { shuffledOrder } from './shuffle';
import { rescoreRubric, scoreRubric } from './rubric';
import { countedAttempt, keyHash } from './scores';
import { adjustedKeyHash, adjustedQuiz, describeAdjustment, hasFullCredit, validateAdjustment, withFullCredit, type Adjustment } from './adjustments';
import { scoreChanged } from '../score-events';

export interface LearnerQuizState extends Availability {
  quizId: string;
  policy: Quiz['attempts'];
  attemptsUsed: number;
  draft: { answers: Record<string, unknown>; updatedAt: string } | null;
  attempts: AttemptView[];
  /** The attempt that counts under the policy (null while marks are hidden). */
  countedAttemptId: number | null;
  /** What the review shows now. */
  review: Visibility;
  /** The attempt being worked on: its option order, and when it started (for the time limit). */
  current: { number: number; order: Record<string, string[]>; startedAt: string; endsAt: string | null } | null;
  /** Labs behind this quiz's lab questions, and whether this learner has passed each. */
  labs: { id: string; passed: boolean; href: string }[];
  /** When hidden results appear, in words ("after your last attempt; 1 left"); null when nothing is hidden. */
  shownWhen: { marks: string | null; correctness: string | null };
}

/** Submissions just after the time limit still count (network, a slow click): this much grace. */
const TIME_GRACE_MS = 60_000;

/** Submissions, learner views, instructor grading and regrades. Routes stay thin by calling only this. */
export function createGradingService(deps: { store: Store; bank: QuizBank }) {
  const { store, bank } = deps;

  function quiz(id: string): Quiz {
    const q = bank.get(id);
    if (!q) throw new NotFoundError(`No quiz "${id}".`);
    return q;
  }

  /** The quiz as it is graded now: its key with the regrade adjustments made so far (and `extra`, for a dry run). */
  async function graded(id: string, extra?: Adjustment, on: Store = store) {
    const base = quiz(id);
    const adjustments = [...(await on.adjustments.list(id)), ...(extra ? [validateAdjustment(base, extra)] : [])];
    const qz = adjustedQuiz(base, adjustments);
    return { qz, adjustments, hash: adjustedKeyHash(keyHash(qz), adjustments) };
  }

  async function standing(userId: number, qz: Quiz) {
    const attempts = await store.attempts.listForLearner(userId, qz.id);
    const avail = availability(qz, attempts.length, await store.sittings.extension(userId, qz.id));
    return { attempts, avail, see: visibility(qz, avail) };
  }

  /**
   * The learner's view of a quiz. `start` opens the next attempt (fixing its shuffled option order and, for a
   * timed quiz, its start time) when the quiz is open and an attempt is left.
   */
  async function learnerState(userId: number, quizId: string, options: { start?: boolean } = {}): Promise<LearnerQuizState> {
    const qz = quiz(quizId);
    const { attempts, avail, see } = await standing(userId, qz);
    const canStart = avail.isOpen && avail.attemptsRemaining !== 0;
    const number = attempts.length + 1;
    let open = await store.sittings.peekAttempt(userId, quizId);
    if (open && open.number !== number) open = undefined;
    if (!open && canStart && options.start) open = await store.sittings.openAttempt(userId, quizId, number, () => shuffledOrder(qz));
    const passed = new Set((await store.progress.listLabPasses(userId)).map((p) => p.labId));
    const labs = [...new Set(qz.questions.flatMap((q) => (q.type === 'lab' ? [q.lab] : [])))];
    return {
      quizId,
      policy: qz.attempts,
      ...avail,
      attemptsUsed: attempts.length,
      draft: (await store.attempts.loadDraft(userId, quizId)) ?? null,
      attempts: attempts.map((a) => attemptView(qz, a, see)),
      countedAttemptId: see.marks ? (countedAttempt(attempts, qz.attempts)?.id ?? null) : null,
      review: see,
      current: open
        ? {
            number: open.number,
            order: open.order,
            startedAt: open.startedAt,
            endsAt: avail.timeLimitMinutes ? new Date(Date.parse(open.startedAt) + avail.timeLimitMinutes * 60_000).toISOString() : null,
          }
        : null,
      labs: labs.map((id) => ({ id, passed: passed.has(id), href: `/labs/${id}/` })),
      shownWhen: { marks: whenShown(qz, avail, 'marks'), correctness: whenShown(qz, avail, 'correctness') },
    };
  }

  async function saveDraft(userId: number, quizId: string, answers: Answers): Promise<{ updatedAt: string }> {
    const qz = quiz(quizId);
    const known = new Set(qz.questions.map((q) => q.id));
    const unknown = Object.keys(answers).filter((id) => !known.has(id));
    if (unknown.length) throw new InvalidInputError(`Unknown question(s): ${unknown.join(', ')}.`);
    return { updatedAt: await store.attempts.saveDraft(userId, quizId, answers) };
  }

  async function submit(userId: number, quizId: string, answers: Answers): Promise<AttemptView> {
    const qz = quiz(quizId);
    const before = await standing(userId, qz);
    if (!before.avail.isOpen) {
      throw new ConflictError(before.avail.opensAt && Date.parse(before.avail.opensAt) > Date.now() ? 'This quiz is not open yet.' : 'This quiz is closed.');
    }
    const open = await store.sittings.peekAttempt(userId, quizId);
    const sitting = open && open.number === before.attempts.length + 1 ? open : undefined;
    if (before.avail.timeLimitMinutes) {
      if (!sitting) throw new ConflictError('Start the attempt first: this quiz has a time limit.');
      const deadline = Date.parse(sitting.startedAt) + before.avail.timeLimitMinutes * 60_000 + TIME_GRACE_MS;
      if (Date.now() > deadline) {
        await store.sittings.closeAttempt(userId, quizId);
        throw new ConflictError(`The time limit of ${before.avail.timeLimitMinutes} minutes for this attempt has passed.`);
      }
    }
    const known = new Set(qz.questions.map((q) => q.id));
    const unknown = Object.keys(answers).filter((id) => !known.has(id));
    if (unknown.length) throw new InvalidInputError(`Unknown question(s): ${unknown.join(', ')}.`);
    const labsPassed = new Set((await store.progress.listLabPasses(userId)).map((p) => p.labId));
    const key = await graded(quizId);
    const scored = key.qz.questions.map((q) => {
      const response = normalizeResponse(q, answers[q.id]);
      return { questionId: q.id, response, maxPoints: q.points, ...withFullCredit(q, key.adjustments, autoGrade(q, response, { labsPassed })) };
    });
    const attempt = await store.attempts.submit({
      userId,
      quizId,
      allowed: before.avail.attemptsAllowed,
      keyHash: key.hash,
      answers: scored,
      // Without an opened attempt (a script posting directly), the order is drawn now so it is still recorded.
      order: sitting?.order ?? shuffledOrder(qz),
      startedAt: sitting?.startedAt,
    });
    await scoreChanged({ userId, kind: 'quiz', itemId: quizId });
    // The review is decided after this attempt counts: it may have been the last one.
    return attemptView(qz, attempt, (await standing(userId, qz)).see);
  }

  async function gradeText(input: { graderId: number; attemptId: number; questionId: string; rubric: string[]; comment: string }): Promise<void> {
    const attempt = await store.attempts.get(input.attemptId);
    if (!attempt) throw new NotFoundError('No such attempt.');
    const q = quiz(attempt.quizId).questions.find((x) => x.id === input.questionId);
    if (!q || !attempt.answers.some((a) => a.questionId === q.id)) throw new NotFoundError('No such answer.');
    if (q.type !== 'text') throw new InvalidInputError('Only free-text answers are graded by hand.');
    const { score, checked } = scoreRubric(q, input.rubric);
    const before = attempt.answers.find((a) => a.questionId === q.id)!;
    const comment = input.comment.trim() || null;
    const qz = quiz(attempt.quizId);
    await store.transaction(async (tx) => {
      await tx.attempts.grade(attempt.id, q.id, { status: 'graded', score, rubric: checked, comment, graderId: input.graderId });
      // Every hand grade and every change to one is in the audit log, with what it was before.
      const learner = (await tx.users.get(attempt.userId))?.name ?? 'a deleted user';
      const number = qz.questions.findIndex((x) => x.id === q.id) + 1;
      const regraded = before.status === 'graded' && before.graderId !== null;
      await tx.audit.record({
        actorId: input.graderId,
        action: regraded ? 'grade-change' : 'grade',
        summary: `${regraded ? 'Changed the grade' : 'Graded'} question ${number} of ${qz.title} for ${learner} (attempt ${attempt.number}): ${
          regraded ? `${before.score ?? '–'} → ` : ''
        }${score} / ${q.points}${comment !== before.comment && comment ? ', with a comment' : ''}.`,
        details: {
          attemptId: attempt.id,
          questionId: q.id,
          before: { status: before.status, score: before.score, rubric: before.rubric, comment: before.comment, graderId: before.graderId },
          after: { score, rubric: checked, comment },
        },
      });
    });
    await scoreChanged({ userId: attempt.userId, kind: 'quiz', itemId: attempt.quizId });
  }

  /** Attempts scored under an older answer key or rubric. */
  async function staleAttempts(quizId: string, only?: ReadonlySet<number>): Promise<number> {
    const current = (await graded(quizId)).hash;
    return (await store.attempts.listForQuiz(quizId)).filter((a) => a.keyHash !== current && (!only || only.has(a.userId))).length;
  }

  /**
   * Re-scores every attempt at `quizId` against the current key and rubric. Hand grades keep their checked items
   * and comment; only their points follow the rubric. Returns what changed; the store keeps the same record.
   */
  async function regrade(quizId: string, instructorId: number | null, adjustment?: Adjustment, only?: ReadonlySet<number>) {
    // Read, compare and write in one transaction: a grade saved meanwhile cannot be overwritten with stale data.
    const { result, learners } = await store.transaction((tx) => regradeInTransaction(tx, quizId, instructorId, adjustment, only));
    // Announced once committed (a PostgreSQL transaction may run more than once).
    for (const userId of learners) await scoreChanged({ userId, kind: 'quiz', itemId: quizId });
    return result;
  }

  /** What a regrade would change, per answer (with `adjustment` made first, if given); nothing is written. `only`: one class's learners. */
  async function regradeChanges(quizId: string, on: Store = store, adjustment?: Adjustment, only?: ReadonlySet<number>) {
    const key = await graded(quizId, adjustment, on);
    const qz = key.qz;
    const changes: { attemptId: number; questionId: string; old: AnswerGrade; next: AnswerGrade }[] = [];
    const labsByUser = new Map<number, Set<string>>();
    for (const attempt of await on.attempts.listForQuiz(quizId)) {
      if (only && !only.has(attempt.userId)) continue;
      if (!labsByUser.has(attempt.userId)) labsByUser.set(attempt.userId, new Set((await on.progress.listLabPasses(attempt.userId)).map((p) => p.labId)));
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
        // Full credit overrides hand grades too (the checked rubric items and comment stay).
        if (hasFullCredit(q, key.adjustments)) next = { ...next, status: 'graded', score: q.points };
        if (next.score !== null) next.score = Math.min(next.score, q.points);
        next.maxPoints = q.points;
        if (next.score !== old.score || next.status !== old.status || a.maxPoints !== q.points) {
          changes.push({ attemptId: attempt.id, questionId: q.id, old, next });
        }
      }
    }
    return { qz, changes, hash: key.hash };
  }

  async function regradeInTransaction(tx: Store, quizId: string, instructorId: number | null, adjustment?: Adjustment, only?: ReadonlySet<number>) {
    const made = adjustment ? validateAdjustment(quiz(quizId), adjustment) : undefined;
    const { changes, hash } = await regradeChanges(quizId, tx, made, only);
    if (made) await tx.adjustments.add(quizId, made, instructorId);
    const regradeId = await tx.attempts.applyRegrade({ quizId, instructorId, keyHash: hash, changes, userIds: only ? [...only] : undefined });
    const preview = await summarise(quizId, changes, tx);
    const what = made ? ` (${describeAdjustment(quiz(quizId), made)})` : '';
    await tx.audit.record({
      actorId: instructorId,
      action: 'regrade',
      summary: `Regraded ${quiz(quizId).title}${what}: ${changes.length} answer(s) changed for ${preview.learners.length} learner(s).`,
      details: { quizId, regradeId, learners: preview.learners, ...(made ? { adjustment: made } : {}) },
    });
    const learners = new Set(preview.learners.map((l) => l.userId));
    return {
      learners,
      result: { regradeId, changed: changes.map((c) => ({ attemptId: c.attemptId, questionId: c.questionId, oldScore: c.old.score, newScore: c.next.score })) },
    };
  }

  /** The dry run shown before a regrade: who changes, and by how much (attempt totals). */
  async function regradePreview(quizId: string, adjustment?: Adjustment, only?: ReadonlySet<number>) {
    return summarise(quizId, (await regradeChanges(quizId, store, adjustment, only)).changes);
  }

  async function summarise(quizId: string, changes: { attemptId: number; questionId: string; old: AnswerGrade; next: AnswerGrade }[], on: Store = store) {
    const byAttempt = new Map<number, { questions: string[]; delta: number }>();
    for (const c of changes) {
      const e = byAttempt.get(c.attemptId) ?? { questions: [], delta: 0 };
      e.questions.push(c.questionId);
      e.delta += (c.next.score ?? 0) - (c.old.score ?? 0);
      byAttempt.set(c.attemptId, e);
    }
    const learners = [];
    for (const [attemptId, e] of byAttempt) {
      const attempt = (await on.attempts.get(attemptId))!;
      const user = await on.users.get(attempt.userId);
      const before = attempt.answers.reduce((t, a) => t + (a.score ?? 0), 0);
      learners.push({
        attemptId,
        attemptNumber: attempt.number,
        userId: attempt.userId,
        name: user?.name ?? 'Deleted user',
        questions: e.questions,
        before: Math.round(before * 1000) / 1000,
        after: Math.round((before + e.delta) * 1000) / 1000,
      });
    }
    return { quizId, answersChanged: changes.length, learners };
  }

  return { quiz, learnerState, saveDraft, submit, gradeText, staleAttempts, regrade, regradePreview };
}

export type GradingService = ReturnType<typeof createGradingService>;
