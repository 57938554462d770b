import type { Quiz, ReviewOptions, ReviewWhen } from '../../schemas/quiz';
import type { Store } from '../store/create-store';
import type { ClassSettings } from './schemas';

const later = (a?: string | null, b?: string | null) => (!a ? b : !b ? a : Date.parse(a) >= Date.parse(b) ? a : b) ?? undefined;
const earlier = (a?: string | null, b?: string | null) => (!a ? b : !b ? a : Date.parse(a) <= Date.parse(b) ? a : b) ?? undefined;

function holdBack(review: ReviewOptions, rule: ClassSettings['review']): ReviewOptions {
  if (rule === 'course') return review;
  const part = (w: ReviewWhen): ReviewWhen => (rule === 'never' || w === 'never' ? 'never' : 'after-close');
  return { marks: part(review.marks), correctness: part(review.correctness), answers: part(review.answers), explanations: part(review.explanations), rubric: part(review.rubric) };
}

/**
 * The quiz under one class's settings. A per-quiz override replaces the quiz file's dates, attempts and review;
 * without one, the class-wide dates bound the quiz's window and the class-wide attempts and review apply.
 */
export function quizForClass(quiz: Quiz, s: ClassSettings): Quiz {
  const o = s.perQuiz?.[quiz.id];
  const opens = o?.opensAt ?? later(quiz.opens, s.opensAt);
  const closes = o?.closesAt ?? earlier(quiz.closes, s.closesAt);
  const attempts = o?.attempts ?? s.attempts;
  const review = o && o.review !== 'course' ? o.review : s.review;
  return {
    ...quiz,
    opens: opens ?? undefined,
    closes: closes ?? undefined,
    attempts: attempts === null ? quiz.attempts : { ...quiz.attempts, allowed: attempts },
    review: holdBack(quiz.review, review),
  };
}

const OPENNESS: ReviewWhen[] = ['never', 'after-close', 'after-last-attempt', 'after-attempt'];
const moreOpen = (a: ReviewWhen, b: ReviewWhen) => (OPENNESS.indexOf(a) >= OPENNESS.indexOf(b) ? a : b);

/** The most permissive of several classes' versions of one quiz: earliest open, latest close, most attempts, most review. */
function mostPermissive(versions: Quiz[]): Quiz {
  return versions.reduce((a, b) => ({
    ...a,
    opens: !a.opens || !b.opens ? undefined : earlier(a.opens, b.opens),
    closes: !a.closes || !b.closes ? undefined : later(a.closes, b.closes),
    attempts: {
      ...a.attempts,
      allowed: a.attempts.allowed === 'unlimited' || b.attempts.allowed === 'unlimited' ? 'unlimited' : Math.max(a.attempts.allowed, b.attempts.allowed),
    },
    review: {
      marks: moreOpen(a.review.marks, b.review.marks),
      correctness: moreOpen(a.review.correctness, b.review.correctness),
      answers: moreOpen(a.review.answers, b.review.answers),
      explanations: moreOpen(a.review.explanations, b.review.explanations),
      rubric: moreOpen(a.review.rubric, b.review.rubric),
    },
  }));
}

/**
 * The quiz as this learner takes it: under the settings of the classes they learn in (the most permissive when
 * several); the quiz file's own rules when they are in none. The default class (where direct sign-ups land) counts
 * only while the learner is in no other class. Extensions apply on top, in `availability`.
 */
export async function effectiveQuiz(store: Store, userId: number, quiz: Quiz): Promise<Quiz> {
  const learning = (await store.classes.classesOf(userId)).filter((c) => c.role === 'learner');
  const own = learning.filter((c) => !c.isDefault);
  const classes = own.length > 0 ? own : learning;
  if (classes.length === 0) return quiz;
  return mostPermissive(classes.map((c) => quizForClass(quiz, c.settings)));
}
