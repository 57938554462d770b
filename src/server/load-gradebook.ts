import { getServices } from './services';
import type { ClassScope } from './classes/scope';
import { buildGradebook, type Gradebook } from './grading/gradebook';
import { allLabs } from './labs/registry';

/**
 * One class's gradebook from the live store and bank, shared by the instructor page and the CSV export: its learners
 * only, and the labs and quizzes its settings count. `courseLessons` (course order and titles) comes from the page.
 */
export async function loadGradebook(courseLessons: { slug: string; title: string }[], scope: Pick<ClassScope, 'learnerIds' | 'current'>): Promise<Gradebook> {
  const { store, bank } = getServices();
  const summary = await store.progress.summary();
  const mine = <T extends { userId: number }>(rows: T[]) => rows.filter((r) => scope.learnerIds.has(r.userId));
  const { quizzes, labs } = scope.current.settings;
  return buildGradebook({
    quizzes: bank.list().filter((q) => !quizzes || quizzes.includes(q.id)),
    learners: (await store.users.list()).filter((u) => scope.learnerIds.has(u.id)),
    attempts: mine(await store.attempts.listAll()),
    labPasses: mine(summary.labs).filter((p) => !labs || labs.includes(p.labId)),
    lessons: mine(summary.lessons),
    courseLessons,
    allLabs: allLabs()
      .filter((l) => !labs || labs.includes(l.definition.id))
      .map((l) => ({ id: l.definition.id, title: l.definition.title, lesson: l.definition.lesson })),
  });
}
