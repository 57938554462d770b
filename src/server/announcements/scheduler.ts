import type { ClassAnnouncement } from '../store/announcements';

/** What the scheduler tells: an engine (embedded), or later one client per lab runner. */
export interface ClassPreparer {
  prepareFor(plan: { labId: string; learners: number; at: number }): unknown;
  cancelPrepared(labId: string, at: number): unknown;
}

export interface ClassSchedulerOptions {
  /** Classes not cancelled starting within [from, to] (ISO-8601). */
  listActive: (from: string, to: string) => Promise<ClassAnnouncement[]>;
  /** The runners to prepare, with each one's share of a class's learners (embedded: one, all of them). */
  preparers: () => Array<{ preparer: ClassPreparer; share: number }>;
  /** How often to look (default 30 s); announcing or cancelling also syncs at once. */
  intervalMs?: number;
}

/** Classes are looked at this far ahead: the engine's longest lead time (15 min) with room. */
const LOOK_AHEAD_MS = 20 * 60_000;
/** And kept this long after their start, for latecomers (the engine's arrival window). */
const LOOK_BEHIND_MS = 10 * 60_000;

/**
 * Reads announced classes from the store and tells the runners to warm up for them (`prepareFor`), and
 * to forget cancelled ones. Idempotent: the engine keys a class by lab and start time, so every web
 * process may run this.
 */
export function createClassScheduler(options: ClassSchedulerOptions) {
  const told = new Map<string, { labId: string; at: number }>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  async function syncOnce() {
    const now = Date.now();
    const active = await options.listActive(new Date(now - LOOK_BEHIND_MS).toISOString(), new Date(now + LOOK_AHEAD_MS).toISOString());
    const targets = options.preparers();
    const current = new Set<string>();
    for (const a of active) {
      const at = Date.parse(a.startsAt);
      const key = `${a.labId}@${at}`;
      current.add(key);
      told.set(key, { labId: a.labId, at });
      for (const { preparer, share } of targets) {
        const learners = Math.ceil(a.learners * share);
        if (learners > 0) preparer.prepareFor({ labId: a.labId, learners, at });
      }
    }
    for (const [key, plan] of told) {
      if (current.has(key)) continue;
      told.delete(key);
      for (const { preparer } of targets) preparer.cancelPrepared(plan.labId, plan.at);
    }
  }

  return {
    /** Looks now (after an announcement or a cancellation); concurrent calls share one pass. */
    async sync(): Promise<void> {
      running ??= syncOnce().finally(() => (running = null));
      return running;
    },
    start() {
      if (timer) return;
      const tick = () =>
        void this.sync().catch((error: unknown) => console.error('[classes] could not read announced classes:', error instanceof Error ? error.message : error));
      timer = setInterval(tick, options.intervalMs ?? 30_000);
      timer.unref();
      tick();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type ClassScheduler = ReturnType<typeof createClassScheduler>;
