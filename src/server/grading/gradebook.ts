import { doneLessons } from '../../lib/progress/lesson-done';
import type { Quiz } from '../../schemas/quiz';
import type { StoredAttempt } from '../store/attempts';
import type { User } from '../store/users';
import { round } from './auto-grade';
import type { CsvValue } from './csv';
import { countedAttempt } from './scores';

export interface GradebookColumn {
  kind: 'quiz' | 'lab';
  id: string;
  title: string;
  /** Points for a quiz; 1 for a lab (passed or not). */
  max: number;
}

export interface GradebookGroup {
  lesson: string;
  title: string;
  columns: GradebookColumn[];
}

export interface GradebookRow {
  user: User;
  quizzes: Record<string, { score: number; max: number; pending: boolean; attempts: number } | null>;
  labsPassed: string[];
  /** Labs passed after the learner had asked for the solution. */
  labsWithSolution: string[];
  lessonsCompleted: number;
  totals: { quizScore: number; quizMax: number; quizPercent: number; labsPassed: number; labsTotal: number; labPercent: number };
}

export interface Gradebook {
  /** Lessons in course order, each with its quizzes and labs. */
  groups: GradebookGroup[];
  quizzes: { id: string; title: string; max: number }[];
  /** Every lab of the course, passed by someone or not. */
  labs: string[];
  rows: GradebookRow[];
}

const pct = (score: number, max: number) => (max > 0 ? round((score / max) * 100) : 0);

/** Learners × (quizzes and labs grouped by lesson in course order), with totals and percentages. */
export function buildGradebook(input: {
  quizzes: Quiz[];
  learners: User[];
  attempts: StoredAttempt[];
  labPasses: { userId: number; labId: string; solutionViewed?: boolean }[];
  lessons: { userId: number; lesson: string }[];
  /** Course order and titles; lessons not listed go last, by slug. */
  courseLessons?: { slug: string; title: string }[];
  /** Every lab of the course; labs only named by quiz questions or passes are added. */
  allLabs?: { id: string; title: string; lesson: string }[];
}): Gradebook {
  const order = input.courseLessons ?? [];
  const labQuestions = input.quizzes.flatMap((q) => q.questions.flatMap((x) => (x.type === 'lab' ? [x.lab] : [])));
  const labInfo = new Map((input.allLabs ?? []).map((l) => [l.id, l]));
  for (const id of [...labQuestions, ...input.labPasses.map((p) => p.labId)]) if (!labInfo.has(id)) labInfo.set(id, { id, title: id, lesson: '' });

  const groupsBySlug = new Map<string, GradebookGroup>();
  const group = (slug: string) => {
    let g = groupsBySlug.get(slug);
    if (!g) {
      g = { lesson: slug, title: order.find((l) => l.slug === slug)?.title ?? (slug || 'Other'), columns: [] };
      groupsBySlug.set(slug, g);
    }
    return g;
  };
  const quizMax = (q: Quiz) => q.questions.reduce((s, x) => s + x.points, 0);
  for (const q of input.quizzes) group(q.lesson).columns.push({ kind: 'quiz', id: q.id, title: q.title, max: quizMax(q) });
  for (const l of labInfo.values()) group(l.lesson).columns.push({ kind: 'lab', id: l.id, title: l.title, max: 1 });
  const rank = (slug: string) => {
    const i = order.findIndex((l) => l.slug === slug);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const groups = [...groupsBySlug.values()].sort((a, b) => rank(a.lesson) - rank(b.lesson) || a.lesson.localeCompare(b.lesson));
  const labs = groups.flatMap((g) => g.columns.filter((c) => c.kind === 'lab').map((c) => c.id));
  const totalQuizMax = input.quizzes.reduce((s, q) => s + quizMax(q), 0);

  const labsByLesson: Record<string, string[]> = {};
  for (const lab of input.allLabs ?? []) (labsByLesson[lab.lesson] ??= []).push(lab.id);
  const rows = input.learners.map((user): GradebookRow => {
    const quizzes: GradebookRow['quizzes'] = {};
    let quizScore = 0;
    for (const quiz of input.quizzes) {
      const mine = input.attempts.filter((a) => a.userId === user.id && a.quizId === quiz.id);
      const counted = countedAttempt(mine, quiz.attempts);
      quizzes[quiz.id] = counted ? { score: counted.score, max: counted.max, pending: counted.pending, attempts: mine.length } : null;
      quizScore += counted?.score ?? 0;
    }
    const passes = input.labPasses.filter((p) => p.userId === user.id);
    const labsPassed = passes.map((p) => p.labId).sort();
    return {
      user,
      quizzes,
      labsPassed,
      labsWithSolution: passes.filter((p) => p.solutionViewed).map((p) => p.labId),
      // The one definition of a done lesson (src/lib/progress/lesson-done.ts), as the learner's own pages use it.
      lessonsCompleted: doneLessons(
        { completedLessons: input.lessons.filter((l) => l.userId === user.id).map((l) => l.lesson), passedLabs: labsPassed },
        labsByLesson,
      ).size,
      totals: {
        quizScore: round(quizScore),
        quizMax: totalQuizMax,
        quizPercent: pct(quizScore, totalQuizMax),
        labsPassed: labsPassed.filter((l) => labs.includes(l)).length,
        labsTotal: labs.length,
        labPercent: pct(labsPassed.filter((l) => labs.includes(l)).length, labs.length),
      },
    };
  });
  return { groups, quizzes: input.quizzes.map((q) => ({ id: q.id, title: q.title, max: quizMax(q) })), labs, rows };
}

/** Rows for toCsv(): one per learner; pending hand grading is flagged in its own column. */
export function gradebookCsvRows(book: Gradebook): CsvValue[][] {
  const header: CsvValue[] = ['Name', 'Email', 'Lessons completed'];
  for (const q of book.quizzes) header.push(`${q.id} (of ${q.max})`);
  header.push('Quiz total', 'Quiz %', 'Awaiting grading');
  for (const lab of book.labs) header.push(`lab: ${lab}`);
  header.push('Labs passed', 'Labs %');
  const rows = book.rows.map((r) => {
    const row: CsvValue[] = [r.user.name, r.user.email, r.lessonsCompleted];
    for (const q of book.quizzes) row.push(r.quizzes[q.id]?.score ?? null);
    row.push(r.totals.quizScore, r.totals.quizPercent);
    row.push(book.quizzes.filter((q) => r.quizzes[q.id]?.pending).map((q) => q.id).join(' '));
    for (const lab of book.labs) row.push(r.labsPassed.includes(lab) ? (r.labsWithSolution.includes(lab) ? 'passed (viewed solution)' : 'passed') : '');
    row.push(r.labsPassed.length, r.totals.labPercent);
    return row;
  });
  return [header, ...rows];
}
