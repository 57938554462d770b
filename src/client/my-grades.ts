import type { GradeRow } from '../server/progress/learner-progress';

export type { GradeRow };
export interface Grades {
  rows: GradeRow[];
  lastVisit: string | null;
}

const cell = (text: string) => Object.assign(document.createElement('td'), { textContent: text });

/** Fills the "My grades" table (text only: comments are instructor input). */
export function renderGrades(root: HTMLElement, grades: Grades) {
  const status = root.querySelector<HTMLElement>('[data-grades-status]')!;
  const table = root.querySelector<HTMLTableElement>('table')!;
  const body = table.querySelector('tbody')!;
  body.replaceChildren();
  const taken = grades.rows.filter((r) => r.attempts > 0);
  const pending = taken.filter((r) => r.pending).length;
  const fresh = taken.filter((r) => r.newlyGraded).length;
  status.textContent =
    taken.length === 0
      ? 'You have not submitted a quiz yet.'
      : `${taken.length} quiz${taken.length === 1 ? '' : 'zes'} submitted; ${pending} waiting for grading${fresh ? `; ${fresh} graded since your last visit` : ''}.`;
  for (const row of grades.rows) {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.append(Object.assign(document.createElement('a'), { href: `/quizzes/${row.quizId}/`, textContent: row.title }));
    if (row.newlyGraded) name.append(Object.assign(document.createElement('span'), { className: 'new', textContent: 'Newly graded' }));
    // A submitted quiz without a score is one whose review options hide marks for now.
    const score = row.score !== null ? `${row.score} / ${row.maxScore}` : row.attempts > 0 ? 'Shown later' : '–';
    const state = row.attempts === 0 ? 'Not taken' : row.pending ? 'Pending: waiting for an instructor' : 'Graded';
    const feedback = cell(row.feedback.map((f) => `${f.questionId}: ${f.comment}`).join('\n') || '–');
    feedback.style.whiteSpace = 'pre-wrap';
    tr.append(name, cell(score), cell(state), feedback);
    body.append(tr);
  }
  table.hidden = false;
}
