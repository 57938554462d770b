import { api } from './api-client';
import { onLabPassed } from './lab-events';
import { doneLessons } from '../lib/progress/lesson-done';

export { doneLessons };

/** Progress as /api/progress/summary returns it (`kept: 'browser'` before signing in). */
export interface Summary {
  completedLessons: string[];
  passedLabs: string[];
  recent: string[];
  gradedSinceLastVisit: number;
  kept?: 'account' | 'browser';
}

/** Progress from the server now, and again whenever a lab passes on this page (no reload needed). */
export function watchProgress(apply: (summary: Summary) => void): void {
  const load = () => void api<Summary>('/api/progress/summary').then(apply, () => {});
  load();
  onLabPassed(load);
  document.addEventListener('course:lesson-progress', load);
}

/** Ticks sidebar links of done lessons and shows the graded-since-last-visit badge. */
export function applyProgress(root: Document, summary: Summary) {
  const nav = root.querySelector<HTMLElement>('[data-labs-by-lesson]');
  const labsByLesson = JSON.parse(nav?.dataset.labsByLesson ?? '{}') as Record<string, string[]>;
  const done = doneLessons(summary, labsByLesson);
  for (const link of root.querySelectorAll<HTMLAnchorElement>('nav.sidebar a[href], #starlight__sidebar a[href]')) {
    const slug = new URL(link.href).pathname.replace(/^\/|\/$/g, '');
    const existing = link.querySelector('.lesson-tick');
    if (!done.has(slug)) existing?.remove();
    if (!done.has(slug) || existing) continue;
    const tick = document.createElement('span');
    tick.className = 'lesson-tick';
    const mark = document.createElement('span');
    mark.textContent = ' ✓';
    mark.setAttribute('aria-hidden', 'true');
    const text = document.createElement('span');
    text.className = 'sr-only';
    text.textContent = ' (done)';
    tick.append(mark, text);
    tick.style.color = 'var(--sl-color-green-high)';
    link.append(tick);
  }
  const badge = root.querySelector<HTMLElement>('.grades-badge');
  if (badge && summary.gradedSinceLastVisit > 0) {
    badge.hidden = false;
    badge.textContent = String(summary.gradedSinceLastVisit);
    badge.setAttribute('aria-label', `${summary.gradedSinceLastVisit} newly graded`);
    badge.title = 'Graded since your last visit';
  }
}
