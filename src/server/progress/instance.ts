import { allLabs } from '../labs/registry';
import { getQuizBank } from '../quiz-bank/bundled-bank';
import { getStore } from '../store/instance';
import { createAnonymousProgress, type AnonymousProgress } from './anonymous-progress';
import { createLearnerProgress, type LearnerProgress } from './learner-progress';

let instance: LearnerProgress | undefined;

/** The process-wide learner progress reader, on the one store. */
export function learnerProgress(): LearnerProgress {
  instance ??= createLearnerProgress({
    store: getStore(),
    bank: getQuizBank(),
    labs: () => allLabs().map((l) => ({ id: l.definition.id, title: l.definition.title, lesson: l.definition.lesson })),
  });
  return instance;
}

let anonymous: AnonymousProgress | undefined;

/** Progress made before signing in, on the one store. */
export function anonymousProgress(): AnonymousProgress {
  anonymous ??= createAnonymousProgress(getStore());
  return anonymous;
}
