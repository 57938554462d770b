import type { DatabaseSync } from 'node:sqlite';
import { createKeysRepository } from './keys';
import { createLaunchesRepository } from './launches';
import { createLinksRepository } from './links';
import { createPlatformChangesRepository } from './platform-changes';
import { createPlatformsRepository } from './platforms';
import { syncExecutor } from '../../store/sql/sync-executor';
import { createRosterRepository } from './roster';
import { createScoresRepository } from './scores';

/** Every LTI table behind one object, mounted on the store as `store.lti`. */
export function createLtiRepository(db: DatabaseSync) {
  return {
    platforms: createPlatformsRepository(db),
    changes: createPlatformChangesRepository(syncExecutor(db)),
    keys: createKeysRepository(db),
    launches: createLaunchesRepository(db),
    links: createLinksRepository(db),
    scores: createScoresRepository(db),
    roster: createRosterRepository(db),
  };
}

export type LtiRepository = ReturnType<typeof createLtiRepository>;
