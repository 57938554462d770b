import type { QuizBank } from '../quiz-bank/parse-bank';
import type { Store } from '../store/create-store';
import { attemptView } from '../grading/learner-view';
import { availability, visibility, whenShown } from '../grading/review';

/** A lab's place in the course: which lesson it belongs to. */
export interface LabRef {
  id: string;
  title: string;
  lesson: string;
}

export interface ProgressSummary {
  completedLessons: string[];
  passedLabs: string[];
  /** Lessons whose page a lab or completion touched most recently, newest first (for "continue"). */
  recent: string[];
  /** Answers an instructor graded after the learner last opened "My grades". */
  gradedSinceLastVisit: number;
}

export interface GradeRow {
  quizId: string;
  title: string;
  lesson: string;
  attempts: number;
  score: number | null;
  maxScore: number | null;
  pending: boolean;
  submittedAt: string | null;
  /** Instructor comments on graded answers of the latest attempt, when the review shows them (as the quiz page does). */
  feedback: { questionId: string; question: string; comment: string }[];
  newlyGraded: boolean;
  /** The quiz's total points (always known, for the course total). */
  quizMax: number;
  /** When hidden marks appear, in words ("after your last attempt; 1 left"); null when shown or not taken. */
  shownWhen: string | null;
}

/** Reads a learner's progress and grades for the sidebar ticks, the overview and "My grades". */
export function createLearnerProgress(deps: { store: Store; bank: QuizBank; labs: () => LabRef[] }) {
  const { store, bank } = deps;

  async function gradedSince(userId: number, since: string | null): Promise<Set<string>> {
    const quizzes = new Set<string>();
    for (const quiz of bank.list())
      for (const attempt of await store.attempts.listForLearner(userId, quiz.id))
        if (attempt.answers.some((a) => a.graderId !== null && a.gradedAt !== null && (since === null || a.gradedAt > since))) quizzes.add(quiz.id);
    return quizzes;
  }

  return {
    async summary(userId: number): Promise<ProgressSummary> {
      const lessons = await store.progress.listCompletedLessons(userId);
      const passes = await store.progress.listLabPasses(userId);
      const labLesson = new Map(deps.labs().map((l) => [l.id, l.lesson]));
      const events = [
        ...lessons.map((l) => ({ lesson: l.lesson, at: l.completedAt })),
        ...passes.flatMap((p) => (labLesson.get(p.labId) ? [{ lesson: labLesson.get(p.labId)!, at: p.passedAt }] : [])),
      ].sort((a, b) => b.at.localeCompare(a.at));
      return {
        completedLessons: lessons.map((l) => l.lesson),
        passedLabs: passes.map((p) => p.labId),
        recent: [...new Set(events.map((e) => e.lesson))],
        gradedSinceLastVisit: (await gradedSince(userId, await store.visits.gradesSeenAt(userId))).size,
      };
    },

    async grades(userId: number): Promise<{ rows: GradeRow[]; lastVisit: string | null }> {
      const lastVisit = await store.visits.gradesSeenAt(userId);
      const fresh = await gradedSince(userId, lastVisit);
      const rows: GradeRow[] = [];
      for (const quiz of bank.list()) {
        const attempts = await store.attempts.listForLearner(userId, quiz.id);
        const latest = attempts.at(-1);
        // Never more than the quiz's review options allow now (marks may be hidden until the last attempt).
        const avail = availability(quiz, attempts.length, await store.sittings.extension(userId, quiz.id));
        const see = visibility(quiz, avail);
        const view = latest ? attemptView(quiz, latest, see) : null;
        rows.push({
          quizId: quiz.id,
          title: quiz.title,
          lesson: quiz.lesson,
          attempts: attempts.length,
          score: view ? view.score : null,
          maxScore: view ? view.maxScore : null,
          pending: view?.pending ?? false,
          submittedAt: latest?.submittedAt ?? null,
          // The same rule as the quiz page: a comment shows with the rubric, when the review allows it.
          feedback: (view?.answers ?? []).flatMap((a) =>
            a.key?.comment ? [{ questionId: a.questionId, question: `Question ${quiz.questions.findIndex((q) => q.id === a.questionId) + 1}`, comment: a.key.comment }] : [],
          ),
          newlyGraded: fresh.has(quiz.id),
          quizMax: quiz.questions.reduce((t, q) => t + q.points, 0),
          shownWhen: latest ? whenShown(quiz, avail, 'marks') : null,
        });
      }
      return { rows, lastVisit };
    },

    markGradesSeen: (userId: number) => store.visits.markGradesSeen(userId),
  };
}

export type LearnerProgress = ReturnType<typeof createLearnerProgress>;
