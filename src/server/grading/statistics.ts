import type { Quiz } from '../../schemas/quiz';
import type { StoredAttempt } from '../store/attempts';
import { round } from './auto-grade';
import { countedAttempt } from './scores';

export interface QuestionStats {
  questionId: string;
  type: string;
  points: number;
  /** Answers submitted (one per attempt). */
  attempts: number;
  graded: number;
  /** Mean over graded answers; null when none are graded. */
  meanScore: number | null;
  /** For choice questions: how often each option was picked. */
  options?: { id: string; text: string; correct: boolean; picked: number }[];
  /**
   * The wrong response given most often, as display text, with its count. For multi-select questions: the incorrect
   * option picked most often (never a correct option); the correct option left out most often is `commonMissed`.
   */
  commonWrong?: { answer: string; count: number };
  /** Multi-select: the correct option most often left out of answers that did not score full marks. */
  commonMissed?: { answer: string; count: number };
  /** Fewer learners than SMALL_SAMPLE: facility and discrimination are not reliable yet. */
  smallSample: boolean;
  /** Learners with a counted attempt (the sample behind facility and discrimination). */
  learners: number;
  /** Mean score / points over the counted attempts (1 = everyone right); null when none are graded. */
  facility: number | null;
  /**
   * Correlation of this question's score with the rest of the quiz (corrected item–total, counted attempts):
   * near 0 or negative means it does not separate strong from weak learners. null with fewer than 3 learners.
   */
  discrimination: number | null;
}

/** Below this many learners, item statistics are shown with a warning (they swing with every answer). */
export const SMALL_SAMPLE = 10;

function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 3) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : Math.round((sxy / Math.sqrt(sxx * syy)) * 100) / 100;
}

/** Facility and discrimination over one counted attempt per learner, for graded answers only. */
function itemAnalysis(quiz: Quiz, attempts: StoredAttempt[]): Map<string, { facility: number | null; discrimination: number | null; learners: number; smallSample: boolean }> {
  const byUser = new Map<number, StoredAttempt[]>();
  for (const a of attempts) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  const counted = [...byUser.values()].map((mine) => countedAttempt(mine, quiz.attempts)!).filter(Boolean);
  const out = new Map<string, { facility: number | null; discrimination: number | null; learners: number; smallSample: boolean }>();
  for (const q of quiz.questions) {
    const item: number[] = [];
    const rest: number[] = [];
    for (const a of counted) {
      const ans = a.answers.find((x) => x.questionId === q.id);
      if (!ans || ans.status !== 'graded') continue;
      const total = a.answers.reduce((t, x) => t + (x.score ?? 0), 0);
      item.push(ans.score ?? 0);
      rest.push(total - (ans.score ?? 0));
    }
    out.set(q.id, {
      facility: item.length ? Math.round((item.reduce((a, b) => a + b, 0) / item.length / q.points) * 100) / 100 : null,
      discrimination: pearson(item, rest),
      learners: item.length,
      smallSample: item.length < SMALL_SAMPLE,
    });
  }
  return out;
}

export function questionStatistics(quiz: Quiz, attempts: StoredAttempt[]): QuestionStats[] {
  const analysis = itemAnalysis(quiz, attempts);
  return quiz.questions.map((q) => {
    const answers = attempts.flatMap((a) => a.answers.filter((x) => x.questionId === q.id));
    const graded = answers.filter((a) => a.status === 'graded');
    const stats: QuestionStats = {
      questionId: q.id,
      type: q.type,
      points: q.points,
      attempts: answers.length,
      graded: graded.length,
      meanScore: graded.length ? round(graded.reduce((s, a) => s + (a.score ?? 0), 0) / graded.length) : null,
      ...analysis.get(q.id)!,
    };
    const wrong = new Map<string, number>();
    const countWrong = (key: string) => wrong.set(key, (wrong.get(key) ?? 0) + 1);
    if (q.type === 'single' || q.type === 'multiple') {
      const picked = new Map<string, number>();
      const missed = new Map<string, number>();
      const text = (id: string) => q.options.find((o) => o.id === id)?.text ?? id;
      const correct = new Set(q.options.filter((o) => o.correct).map((o) => o.id));
      for (const a of answers) {
        const ids = Array.isArray(a.response) ? (a.response as string[]) : typeof a.response === 'string' ? [a.response] : [];
        for (const id of ids) picked.set(id, (picked.get(id) ?? 0) + 1);
        if (a.status !== 'graded' || (a.score ?? 0) >= a.maxPoints) continue;
        if (q.type === 'single') countWrong(ids.length ? ids.map(text).join(' + ') : '(no answer)');
        else {
          // A wrong multi-select answer is wrong by its incorrect picks and its missing correct ones: count each.
          for (const id of ids) if (!correct.has(id)) countWrong(text(id));
          // A blank answer picked no wrong option: it shows up in "most often left out" instead.
          for (const id of correct) if (!ids.includes(id)) missed.set(id, (missed.get(id) ?? 0) + 1);
        }
      }
      stats.options = q.options.map((o) => ({ id: o.id, text: o.text, correct: !!o.correct, picked: picked.get(o.id) ?? 0 }));
      const topMissed = [...missed].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      if (topMissed) stats.commonMissed = { answer: text(topMissed[0]), count: topMissed[1] };
    } else if (q.type === 'numeric') {
      for (const a of graded) if ((a.score ?? 0) < a.maxPoints) countWrong(typeof a.response === 'number' ? String(a.response) : '(no answer)');
    }
    const top = [...wrong].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (top) stats.commonWrong = { answer: top[0], count: top[1] };
    return stats;
  });
}
