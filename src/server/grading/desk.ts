import type { AttemptsPolicy, Question } from '../../schemas/quiz';
import type { StoredAnswer, StoredAttempt } from '../store/attempts';
import { scoreAttempt } from './scores';

export interface DeskAnswer {
  attemptId: number;
  userId: number;
  attemptNumber: number;
  submittedAt: string;
  text: string;
  status: StoredAnswer['status'];
  score: number | null;
  rubric: string[];
  comment: string | null;
}

export interface DeskGroup {
  /** Stable id: the first member's attempt id. */
  id: number;
  /** The text shown for the group (its first member's). */
  text: string;
  members: DeskAnswer[];
  /** Every member has the same (normalised) text; otherwise they are near-identical. */
  identical: boolean;
  graded: boolean;
}

export interface Desk {
  groups: DeskGroup[];
  progress: { graded: number; total: number; groupsGraded: number; groups: number };
  /** Same normalised text, different scores: the desk warns about these. */
  conflicts: { text: string; scores: number[]; attemptIds: number[] }[];
}

/**
 * Only answers that count under the quiz's grading method join the queue: the last attempt when the last counts;
 * with the best counting, every attempt that could still be the best once its pending answers are graded.
 */
export function countingAttempts(attempts: StoredAttempt[], policy: AttemptsPolicy): StoredAttempt[] {
  const byUser = new Map<number, StoredAttempt[]>();
  for (const a of attempts) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  const out: StoredAttempt[] = [];
  for (const mine of byUser.values()) {
    if (policy.counts === 'last') {
      out.push(mine.reduce((a, b) => (b.number > a.number ? b : a)));
      continue;
    }
    const scored = mine.map((a) => {
      const s = scoreAttempt(a);
      const open = a.answers.filter((x) => x.status === 'pending').reduce((t, x) => t + x.maxPoints, 0);
      return { a, now: s.score, best: s.score + open };
    });
    const floor = Math.max(...scored.map((x) => x.now));
    out.push(...scored.filter((x) => x.best >= floor && (x.best > x.now || x.now === floor)).map((x) => x.a));
  }
  return out.sort((x, y) => x.submittedAt.localeCompare(y.submittedAt) || x.id - y.id);
}

/** Case, spacing and punctuation do not make two answers different. */
export function normaliseAnswer(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function trigrams(text: string): Set<string> {
  const padded = `  ${text} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Jaccard similarity of character trigrams: 1 for equal texts. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = trigrams(a);
  const y = trigrams(b);
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return common / (x.size + y.size - common || 1);
}

const NEAR = 0.85;

/** The grading desk for one free-text question: counting answers, grouped, with progress and conflicts. */
export function buildDesk(question: Question, attempts: StoredAttempt[], policy: AttemptsPolicy): Desk {
  const answers: DeskAnswer[] = [];
  for (const attempt of countingAttempts(attempts, policy)) {
    const a = attempt.answers.find((x) => x.questionId === question.id);
    // Blank answers were scored 0 at submit; there is nothing to read.
    if (!a || typeof a.response !== 'string' || a.response.trim() === '') continue;
    answers.push({
      attemptId: attempt.id,
      userId: attempt.userId,
      attemptNumber: attempt.number,
      submittedAt: attempt.submittedAt,
      text: a.response,
      status: a.status,
      score: a.score,
      rubric: a.rubric ?? [],
      comment: a.comment,
    });
  }
  const groups: (DeskGroup & { norm: string })[] = [];
  for (const answer of answers) {
    const norm = normaliseAnswer(answer.text);
    const home = groups.find((g) => g.norm === norm) ?? groups.find((g) => similarity(g.norm, norm) >= NEAR);
    if (home) {
      if (home.norm !== norm) home.identical = false;
      home.members.push(answer);
    } else groups.push({ id: answer.attemptId, text: answer.text, norm, members: [answer], identical: true, graded: false });
  }
  for (const g of groups) g.graded = g.members.every((m) => m.status === 'graded');

  const byText = new Map<string, DeskAnswer[]>();
  for (const a of answers) if (a.status === 'graded') byText.set(normaliseAnswer(a.text), [...(byText.get(normaliseAnswer(a.text)) ?? []), a]);
  const conflicts = [...byText.values()]
    .filter((list) => new Set(list.map((a) => a.score)).size > 1)
    .map((list) => ({ text: list[0]!.text, scores: list.map((a) => a.score ?? 0), attemptIds: list.map((a) => a.attemptId) }));

  return {
    groups: groups.map(({ norm: _n, ...g }) => g),
    progress: {
      graded: answers.filter((a) => a.status === 'graded').length,
      total: answers.length,
      groupsGraded: groups.filter((g) => g.graded).length,
      groups: groups.length,
    },
    conflicts,
  };
}
