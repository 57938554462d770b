import { findLab } from '../labs/registry';
import { getStore } from '../store/instance';
import { createAnnouncementService, type AnnouncementService } from './announcement-service';
import { createClassScheduler, type ClassPreparer, type ClassScheduler } from './scheduler';

let scheduler: ClassScheduler | null = null;
let service: AnnouncementService | null = null;

/**
 * Starts the web process's class scheduler. `preparers` lists the live lab runners with each one's share of a
 * class (by its places), read from the store's runner registry (embedded: this process's runner, share 1).
 */
export function startClassScheduler(preparers: () => Array<{ preparer: ClassPreparer; share: number }>): ClassScheduler {
  scheduler ??= createClassScheduler({
    listActive: async (from, to) => getStore().announcements.listActive(from, to),
    preparers,
  });
  scheduler.start();
  return scheduler;
}

/** The process's announcement service (the scheduler starts with the lab engine). */
export function announcements(): AnnouncementService {
  service ??= createAnnouncementService({
    repository: () => getStore().announcements,
    labTitle: (id) => findLab(id)?.definition.title,
    scheduler: {
      sync: async () => scheduler?.sync(),
      start: () => {},
      stop: () => {},
    },
  });
  return service;
}
