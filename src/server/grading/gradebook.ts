import type { Quiz } from '../../schemas/quiz';
import type { StoredAttempt } from '../store/attempts';
import type { User } from '../store/users';
import type { CsvValue } from './csv';
import { countedAttempt } from './scores';

export interface GradebookRow {
  user: User;
  quizzes: Record<string, { score: number; max: number; pending: boolean; attempts: number } | null>;
  labsPassed: string[];
  lessonsCompleted: number;
}

export interface Gradebook {
  quizzes: { id: string; title: string; max: number }[];
  labs: string[];
  rows: GradebookRow[];
}

/** Learners × quizzes (the counted attempt under each quiz's policy) and labs passed. */
export function buildGradebook(input: {
  quizzes: Quiz[];
  learners: User[];
  attempts: StoredAttempt[];
  labPasses: { userId: number; labId: string }[];
  lessons: { userId: number; lesson: string }[];
}): Gradebook {
  const labQuestions = input.quizzes.flatMap((q) => q.questions.flatMap((x) => (x.type === 'lab' ? [x.lab] : [])));
  const labs = [...new Set([...labQuestions, ...input.labPasses.map((p) => p.labId)])].sort();
  const rows = input.learners.map((user) => {
    const quizzes: GradebookRow['quizzes'] = {};
    for (const quiz of input.quizzes) {
      const mine = input.attempts.filter((a) => a.userId === user.id && a.quizId === quiz.id);
      const counted = countedAttempt(mine, quiz.attempts);
      quizzes[quiz.id] = counted ? { score: counted.score, max: counted.max, pending: counted.pending, attempts: mine.length } : null;
    }
    return {
      user,
      quizzes,
      labsPassed: input.labPasses.filter((p) => p.userId === user.id).map((p) => p.labId).sort(),
      lessonsCompleted: input.lessons.filter((l) => l.userId === user.id).length,
    };
  });
  return {
    quizzes: input.quizzes.map((q) => ({ id: q.id, title: q.title, max: q.questions.reduce((s, x) => s + x.points, 0) })),
    labs,
    rows,
  };
}

/** Rows for toCsv(): one per learner; pending hand grading is flagged in its own column. */
export function gradebookCsvRows(book: Gradebook): CsvValue[][] {
  const header: CsvValue[] = ['Name', 'Email', 'Lessons completed'];
  for (const q of book.quizzes) header.push(`${q.id} (of ${q.max})`);
  header.push('Awaiting grading');
  for (const lab of book.labs) header.push(`lab: ${lab}`);
  header.push('Labs passed');
  const rows = book.rows.map((r) => {
    const row: CsvValue[] = [r.user.name, r.user.email, r.lessonsCompleted];
    for (const q of book.quizzes) row.push(r.quizzes[q.id]?.score ?? null);
    row.push(book.quizzes.filter((q) => r.quizzes[q.id]?.pending).map((q) => q.id).join(' '));
    for (const lab of book.labs) row.push(r.labsPassed.includes(lab) ? 'passed' : '');
    row.push(r.labsPassed.length);
    return row;
  });
  return [header, ...rows];
}
