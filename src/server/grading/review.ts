import type { Quiz, ReviewOptions, ReviewWhen } from '../../schemas/quiz';
import type { Extension } from '../store/quiz-sittings';

/** What one learner may see of their attempts right now, part by part. */
export type Visibility = Record<keyof ReviewOptions, boolean>;

export interface Availability {
  /** null: no limit. Includes the learner's extra attempts. */
  attemptsAllowed: number | null;
  attemptsRemaining: number | null;
  opensAt: string | null;
  /** The close that applies to this learner (their extension's, when later). */
  closesAt: string | null;
  isOpen: boolean;
  /** Minutes per attempt including extra time, or null. */
  timeLimitMinutes: number | null;
}

export function availability(quiz: Quiz, attemptsUsed: number, ext: Extension | undefined, now = Date.now()): Availability {
  const base = quiz.attempts.allowed === 'unlimited' ? null : quiz.attempts.allowed;
  const allowed = base === null ? null : base + (ext?.extraAttempts ?? 0);
  const closes = [quiz.closes, ext?.closeAt ?? undefined].filter((x): x is string => !!x).sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? null;
  const opened = !quiz.opens || Date.parse(quiz.opens) <= now;
  const closed = closes !== null && Date.parse(closes) <= now;
  return {
    attemptsAllowed: allowed,
    attemptsRemaining: allowed === null ? null : Math.max(0, allowed - attemptsUsed),
    opensAt: quiz.opens ?? null,
    closesAt: closes,
    isOpen: opened && !closed,
    timeLimitMinutes: quiz.timeLimitMinutes ? quiz.timeLimitMinutes + (ext?.extraMinutes ?? 0) : null,
  };
}

/** Moodle's rule: each part of the review opens at its moment, and only the server decides. */
export function visibility(quiz: Quiz, avail: Availability, now = Date.now()): Visibility {
  const closed = avail.closesAt !== null && Date.parse(avail.closesAt) <= now;
  const open = (when: ReviewWhen): boolean => {
    switch (when) {
      case 'after-attempt':
        return true;
      case 'after-last-attempt':
        return avail.attemptsRemaining === 0 || closed;
      case 'after-close':
        return closed;
      case 'never':
        return false;
    }
  };
  return {
    marks: open(quiz.review.marks),
    correctness: open(quiz.review.correctness),
    answers: open(quiz.review.answers),
    explanations: open(quiz.review.explanations),
    rubric: open(quiz.review.rubric),
  };
}

/**
 * When a hidden part of the review appears, in words for the learner: "after your last attempt; 1 left",
 * "when the quiz closes (…)", or that the instructor keeps it hidden. null when it is shown already.
 */
export function whenShown(quiz: Quiz, avail: Availability, part: keyof ReviewOptions, now = Date.now()): string | null {
  if (visibility(quiz, avail, now)[part]) return null;
  const closes = avail.closesAt ? ` (${avail.closesAt.replace('T', ' ').slice(0, 16)} UTC)` : '';
  switch (quiz.review[part]) {
    case 'after-last-attempt':
      return avail.attemptsRemaining === null
        ? `when the quiz closes${closes}`
        : `after your last attempt; ${avail.attemptsRemaining} left${avail.closesAt ? `, or when the quiz closes${closes}` : ''}`;
    case 'after-close':
      return avail.closesAt ? `when the quiz closes${closes}` : 'when your instructor closes the quiz';
    case 'never':
      return 'never on this site: your instructor shares results another way';
    default:
      return null;
  }
}
