import type { Quiz } from '../../schemas/quiz';
import type { StoredAttempt } from '../store/attempts';
import { round } from './auto-grade';

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
  /** The wrong response given most often, as display text, with its count. */
  commonWrong?: { answer: string; count: number };
}

export function questionStatistics(quiz: Quiz, attempts: StoredAttempt[]): QuestionStats[] {
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
    };
    const wrong = new Map<string, number>();
    const countWrong = (key: string) => wrong.set(key, (wrong.get(key) ?? 0) + 1);
    if (q.type === 'single' || q.type === 'multiple') {
      const picked = new Map<string, number>();
      for (const a of answers) {
        const ids = Array.isArray(a.response) ? (a.response as string[]) : typeof a.response === 'string' ? [a.response] : [];
        for (const id of ids) picked.set(id, (picked.get(id) ?? 0) + 1);
        if (a.status === 'graded' && (a.score ?? 0) < a.maxPoints) {
          const text = ids.map((id) => q.options.find((o) => o.id === id)?.text ?? id).join(' + ');
          countWrong(text || '(no answer)');
        }
      }
      stats.options = q.options.map((o) => ({ id: o.id, text: o.text, correct: !!o.correct, picked: picked.get(o.id) ?? 0 }));
    } else if (q.type === 'numeric') {
      for (const a of graded) if ((a.score ?? 0) < a.maxPoints) countWrong(typeof a.response === 'number' ? String(a.response) : '(no answer)');
    }
    const top = [...wrong].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (top) stats.commonWrong = { answer: top[0], count: top[1] };
    return stats;
  });
}
