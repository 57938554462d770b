import { micromark } from 'micromark';
import type { Question, Quiz } from '../../schemas/quiz';
import type { StoredAnswer, StoredAttempt } from '../store/attempts';
import { scoreAttempt } from './scores';

// micromark escapes raw HTML by default, so authored Markdown cannot inject markup.
const md = (text: string | undefined): string | undefined => (text ? micromark(text) : undefined);
/** One paragraph without its <p>, for text shown inline (feedback, rubric items). */
const mdInline = (text: string | undefined): string | undefined => md(text)?.replace(/^<p>/, '').replace(/<\/p>\s*$/, '');

export interface AnswerView {
  questionId: string;
  response: unknown;
  status: 'graded' | 'pending';
  score: number | null;
  maxPoints: number;
  /** Present only once graded. */
  key?: {
    explanationHtml?: string;
    options?: { id: string; correct: boolean; feedbackHtml?: string }[];
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
  score: number;
  maxScore: number;
  pending: boolean;
  answers: AnswerView[];
}

/** An attempt as its learner may see it: answer keys only for questions already graded. */
export function attemptView(quiz: Quiz, attempt: StoredAttempt): AttemptView {
  const s = scoreAttempt(attempt);
  return {
    id: attempt.id,
    number: attempt.number,
    submittedAt: attempt.submittedAt,
    score: s.score,
    maxScore: s.max,
    pending: s.pending,
    answers: attempt.answers.map((a) => answerView(quiz.questions.find((q) => q.id === a.questionId), a)),
  };
}

function answerView(q: Question | undefined, a: StoredAnswer): AnswerView {
  const view: AnswerView = { questionId: a.questionId, response: a.response, status: a.status, score: a.score, maxPoints: a.maxPoints };
  if (a.status !== 'graded' || !q) return view;
  const key: NonNullable<AnswerView['key']> = { explanationHtml: md(q.explanation) };
  if (q.type === 'single' || q.type === 'multiple') {
    key.options = q.options.map((o) => ({ id: o.id, correct: !!o.correct, feedbackHtml: mdInline(o.feedback) }));
  } else if (q.type === 'numeric') {
    Object.assign(key, { answer: q.answer, tolerance: q.tolerance, unit: q.unit });
  } else if (q.type === 'lab') {
    key.lab = q.lab;
  } else {
    const met = new Set(a.rubric ?? []);
    key.rubric = q.rubric.map((r) => ({ id: r.id, descriptionHtml: mdInline(r.description)!, points: r.points, met: met.has(r.id) }));
    key.comment = a.comment;
  }
  view.key = key;
  return view;
}
