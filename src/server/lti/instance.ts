import { getQuizBank } from '../quiz-bank/bundled-bank';
import { allLabs } from '../labs/registry';
import { getStore } from '../store/instance';
import { createLtiService, type LtiService } from './service';

let service: LtiService | undefined;

/** The process's LTI service on the one store. */
export function getLti(): LtiService {
  service ??= createLtiService({
    store: getStore(),
    bank: getQuizBank(),
    labs: () => allLabs().map((l) => ({ id: l.definition.id, title: l.definition.title })),
  });
  void service.deliverScores(); // Retries queued before a restart resume.
  return service;
}

/** Where the tool is reached from outside: COURSE_PUBLIC_URL behind a proxy, otherwise the request's own origin. */
export function toolOrigin(url: URL): string {
  const configured = process.env.COURSE_PUBLIC_URL;
  return configured ? new URL(configured).origin : url.origin;
}
