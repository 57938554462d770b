import { getServices } from './services';
import { buildGradebook, type Gradebook } from './grading/gradebook';

/** The gradebook from the live store and bank, shared by the instructor page and the CSV export. */
export function loadGradebook(): Gradebook {
  const { store, bank } = getServices();
  const summary = store.progress.summary();
  return buildGradebook({
    quizzes: bank.list(),
    learners: store.users.list().filter((u) => u.role === 'learner'),
    attempts: store.attempts.listAll(),
    labPasses: summary.labs,
    lessons: summary.lessons,
  });
}
