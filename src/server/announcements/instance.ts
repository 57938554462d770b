import type { LabEngine } from '../lab-engine';
import { findLab } from '../labs/registry';
import { getStore } from '../store/instance';
import { createAnnouncementService, type AnnouncementService } from './announcement-service';
import { createClassScheduler, type ClassScheduler } from './scheduler';

let scheduler: ClassScheduler | null = null;
let engineRef: LabEngine | null = null;
let service: AnnouncementService | null = null;

/** Starts the web process's class scheduler for the embedded lab engine (one runner, all learners). */
export function startClassScheduler(engine: LabEngine): ClassScheduler {
  engineRef = engine;
  scheduler ??= createClassScheduler({
    listActive: async (from, to) => getStore().announcements.listActive(from, to),
    preparers: () => (engineRef ? [{ preparer: engineRef, share: 1 }] : []),
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
