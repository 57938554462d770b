/** Progress as /api/progress/summary returns it. */
export interface Summary {
  completedLessons: string[];
  passedLabs: string[];
  recent: string[];
  gradedSinceLastVisit: number;
}

/** Lessons counted as done: marked complete, or whose lab was passed. */
export function doneLessons(summary: Summary, labsByLesson: Record<string, string[]>): Set<string> {
  const done = new Set(summary.completedLessons);
  for (const [lesson, labs] of Object.entries(labsByLesson)) if (labs.some((id) => summary.passedLabs.includes(id))) done.add(lesson);
  return done;
}

/** Ticks sidebar links of done lessons and shows the graded-since-last-visit badge. */
export function applyProgress(root: Document, summary: Summary) {
  const nav = root.querySelector<HTMLElement>('[data-labs-by-lesson]');
  const labsByLesson = JSON.parse(nav?.dataset.labsByLesson ?? '{}') as Record<string, string[]>;
  const done = doneLessons(summary, labsByLesson);
  for (const link of root.querySelectorAll<HTMLAnchorElement>('nav.sidebar a[href], #starlight__sidebar a[href]')) {
    const slug = new URL(link.href).pathname.replace(/^\/|\/$/g, '');
    if (!done.has(slug) || link.querySelector('.lesson-tick')) continue;
    const tick = document.createElement('span');
    tick.className = 'lesson-tick';
    tick.textContent = ' ✓';
    tick.setAttribute('aria-label', ' (done)');
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
