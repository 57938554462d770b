import { micromark } from 'micromark';
import type { Question, Quiz } from '../../schemas/quiz';
import type { StoredAnswer, StoredAttempt } from '../store/attempts';
import type { Visibility } from './review';
import { scoreAttempt } from './scores';

// micromark escapes raw HTML by default, so authored Markdown cannot inject markup.
const md = (text: string | undefined): string | undefined => (text ? micromark(text) : undefined);
/** One paragraph without its <p>, for text shown inline (feedback, rubric items). */
const mdInline = (text: string | undefined): string | undefined => md(text)?.replace(/^<p>/, '').replace(/<\/p>\s*$/, '');

export interface AnswerView {
  questionId: string;
  response: unknown;
  /** `submitted`: the review does not show correctness yet. */
  status: 'graded' | 'pending' | 'submitted';
  score: number | null;
  maxPoints: number;
  /** Only the parts the quiz's review options open now, and only once graded. */
  key?: {
    explanationHtml?: string;
    options?: { id: string; correct?: boolean; feedbackHtml?: string }[];
    answer?: number;
    tolerance?: number;
    unit?: string;
    lab?: string;
    rubric?: { id: string; descriptionHtml: string; points: number; met: boolean }[];
    comment?: string | null;
  };
}

export interface AttemptView {
  id: number;
  number: number;
  submittedAt: string;
  /** null while the review hides marks. */
  score: number | null;
  maxScore: number;
  pending: boolean;
  /** The option order this attempt was shown in. */
  order: Record<string, string[]>;
  answers: AnswerView[];
}

export const FULL_VIEW: Visibility = { marks: true, correctness: true, answers: true, explanations: true, rubric: true };

/** An attempt as its learner may see it now: never more than `see` allows, whatever was submitted. */
export function attemptView(quiz: Quiz, attempt: StoredAttempt, see: Visibility): AttemptView {
  const s = scoreAttempt(attempt);
  return {
    id: attempt.id,
    number: attempt.number,
    submittedAt: attempt.submittedAt,
    score: see.marks ? s.score : null,
    maxScore: s.max,
    pending: s.pending,
    order: attempt.order ?? {},
    answers: attempt.answers.map((a) => answerView(quiz.questions.find((q) => q.id === a.questionId), a, see)),
  };
}

function answerView(q: Question | undefined, a: StoredAnswer, see: Visibility): AnswerView {
  const status = see.correctness ? a.status : a.status === 'pending' ? 'pending' : 'submitted';
  const view: AnswerView = { questionId: a.questionId, response: a.response, status, score: see.correctness ? a.score : null, maxPoints: a.maxPoints };
  if (a.status !== 'graded' || !q) return view;
  const key: NonNullable<AnswerView['key']> = {};
  if (see.explanations && q.explanation) key.explanationHtml = md(q.explanation);
  if (q.type === 'single' || q.type === 'multiple') {
    if (see.answers || see.explanations) {
      key.options = q.options.map((o) => ({
        id: o.id,
        ...(see.answers ? { correct: !!o.correct } : {}),
        ...(see.explanations && o.feedback ? { feedbackHtml: mdInline(o.feedback) } : {}),
      }));
    }
  } else if (q.type === 'numeric') {
    if (see.answers) Object.assign(key, { answer: q.answer, tolerance: q.tolerance, unit: q.unit });
  } else if (q.type === 'lab') {
    if (see.answers) key.lab = q.lab;
  } else if (see.rubric) {
    const met = new Set(a.rubric ?? []);
    key.rubric = q.rubric.map((r) => ({ id: r.id, descriptionHtml: mdInline(r.description)!, points: r.points, met: met.has(r.id) }));
    key.comment = a.comment;
  }
  if (Object.keys(key).length) view.key = key;
  return view;
}
