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

/** Where the LMS reaches the tool: the request's public origin (SITE_ORIGIN behind a proxy), set by the middleware. */
export function toolOrigin(locals: { site: { origin: string } }): string {
  return locals.site.origin;
}
