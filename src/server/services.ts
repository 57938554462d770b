import { createAuthService, type AuthService } from './auth/auth-service';
import { createClassService, type ClassService } from './classes/service';
import { createGradingService, type GradingService } from './grading/grading-service';
import { getQuizBank } from './quiz-bank/bundled-bank';
import { getLti } from './lti/instance';
import { onScoreChanged } from './score-events';
import { getStore } from './store/instance';

// The one place score listeners are registered: LMS grade passback (LTI AGS).
onScoreChanged((change) => getLti().scoreChanged(change));

let services: { auth: AuthService; grading: GradingService; classes: ClassService } | undefined;

/** The process-wide services, built lazily on the one store instance. */
export function getServices() {
  services ??= {
    auth: createAuthService({ store: getStore() }),
    grading: createGradingService({ store: getStore(), bank: getQuizBank() }),
    classes: createClassService(getStore()),
  };
  return { store: getStore(), bank: getQuizBank(), ...services };
}
