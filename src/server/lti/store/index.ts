import type { SqlExecutor } from '../../store/sql/driver';
import { createKeysRepository } from './keys';
import { createLaunchesRepository } from './launches';
import { createLinksRepository } from './links';
import { createPlatformChangesRepository } from './platform-changes';
import { createPlatformsRepository } from './platforms';
import { createRosterRepository } from './roster';
import { createScoresRepository } from './scores';

/** Every LTI table behind one object, mounted on the store as `store.lti`. */
export function createLtiRepository(db: SqlExecutor) {
  return {
    platforms: createPlatformsRepository(db),
    changes: createPlatformChangesRepository(db),
    keys: createKeysRepository(db),
    launches: createLaunchesRepository(db),
    links: createLinksRepository(db),
    scores: createScoresRepository(db),
    roster: createRosterRepository(db),
  };
}

export type LtiRepository = ReturnType<typeof createLtiRepository>;
