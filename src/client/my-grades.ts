import type { GradeRow } from '../server/progress/learner-progress';

export type { GradeRow };
export interface Grades {
  rows: GradeRow[];
  lastVisit: string | null;
}

const cell = (text: string, className?: string) => Object.assign(document.createElement('td'), { textContent: text, ...(className ? { className } : {}) });
const shortTitle = (title: string) => title.replace(/^Check your understanding:\s*/, '');
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Fills the "My grades" table in course order (`lessonOrder`: lesson slugs as the sidebar lists them), with a course
 * total. Text only: comments are instructor input.
 */
export function renderGrades(root: HTMLElement, grades: Grades, lessonOrder: readonly string[] = []) {
  const status = root.querySelector<HTMLElement>('[data-grades-status]')!;
  const table = root.querySelector<HTMLTableElement>('table')!;
  const body = table.querySelector('tbody')!;
  body.replaceChildren();
  const place = (lesson: string) => (lessonOrder.indexOf(lesson) + 1 || lessonOrder.length + 1);
  const rows = [...grades.rows].sort((a, b) => place(a.lesson) - place(b.lesson) || a.title.localeCompare(b.title));
  const taken = rows.filter((r) => r.attempts > 0);
  const pending = taken.filter((r) => r.pending).length;
  const fresh = taken.filter((r) => r.newlyGraded).length;
  status.textContent =
    taken.length === 0
      ? 'You have not submitted a quiz yet.'
      : `${taken.length} quiz${taken.length === 1 ? '' : 'zes'} submitted; ${pending} waiting for grading${fresh ? `; ${fresh} graded since your last visit` : ''}.`;
  for (const row of rows) {
    const tr = document.createElement('tr');
    tr.dataset.quiz = row.quizId;
    if (row.attempts === 0) tr.className = 'not-taken';
    const name = document.createElement('th');
    name.scope = 'row';
    name.append(Object.assign(document.createElement('a'), { href: `/quizzes/${row.quizId}/`, textContent: shortTitle(row.title) }));
    if (row.newlyGraded) name.append(Object.assign(document.createElement('span'), { className: 'new', textContent: 'Newly graded' }));
    // A submitted quiz without a score is one whose review options hide marks for now: say until when.
    const score = row.score !== null ? `${row.score} / ${row.maxScore}` : row.attempts > 0 ? `Shown ${row.shownWhen ?? 'later'}` : '–';
    const state = row.attempts === 0 ? 'Not taken' : row.pending ? 'Pending: waiting for an instructor' : 'Graded';
    const feedback = cell(row.feedback.map((f) => `${f.question}: ${f.comment}`).join('\n') || '–', row.feedback.length ? 'feedback' : 'feedback empty');
    feedback.style.whiteSpace = 'pre-wrap';
    tr.append(name, cell(score, 'score'), cell(state, 'state'), feedback);
    body.append(tr);
  }
  // The course total counts the marks shown so far against every quiz's points.
  const shown = rows.reduce((t, r) => t + (r.score ?? 0), 0);
  const max = rows.reduce((t, r) => t + r.quizMax, 0);
  const hidden = taken.filter((r) => r.score === null).length;
  const foot = table.tFoot ?? table.createTFoot();
  foot.replaceChildren();
  const tr = document.createElement('tr');
  const label = document.createElement('th');
  label.scope = 'row';
  label.textContent = 'Total';
  const total = cell(`${round(shown)} / ${max} (${max ? Math.round((shown / max) * 100) : 0}%)`, 'score');
  total.dataset.gradesTotal = '';
  const note = cell(`${taken.length} of ${rows.length} quizzes taken${hidden ? `; ${hidden} with marks shown later` : ''}`, 'state');
  note.colSpan = 2;
  tr.append(label, total, note);
  foot.append(tr);
  table.hidden = false;
}
