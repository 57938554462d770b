import { getServices } from './services';
import { buildGradebook, type Gradebook } from './grading/gradebook';
import { allLabs } from './labs/registry';

/**
 * The gradebook from the live store and bank, shared by the instructor page and the CSV export. `courseLessons`
 * (course order and titles) comes from the page, which can read the docs collection.
 */
export async function loadGradebook(courseLessons: { slug: string; title: string }[] = []): Promise<Gradebook> {
  const { store, bank } = getServices();
  const summary = await store.progress.summary();
  return buildGradebook({
    quizzes: bank.list(),
    learners: (await store.users.list()).filter((u) => u.role === 'learner'),
    attempts: await store.attempts.listAll(),
    labPasses: summary.labs,
    lessons: summary.lessons,
    courseLessons,
    allLabs: allLabs().map((l) => ({ id: l.definition.id, title: l.definition.title, lesson: l.definition.lesson })),
  });
}
