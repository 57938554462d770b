import { startClassScheduler } from '../announcements/instance';
import type { ClassPreparer } from '../announcements/scheduler';
import { createLabServices, type LabServices } from '../lab-runner/web-services';
import { getStore } from '../store/instance';
import { createStoreRateLimiter } from '../store/rate-limits';
import { onShutdown } from '../shutdown';

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

let services: Promise<LabServices> | null = null;

/**
 * The web process's lab services: the fleet of lab runners (this process's own in the embedded default,
 * or those named by LAB_RUNNERS) and site-wide admission, on the store (SQLite or PostgreSQL).
 */
export function labServices(): Promise<LabServices> {
  if (services) return services;
  services = (async () => {
    const store = getStore();
    await store.ready();
    const labs = await createLabServices({ db: store.db });
    onShutdown(() => labs.close());
    // Announced classes warm the live runners' pools, each by its share of the places.
    let preparers: Array<{ preparer: ClassPreparer; share: number }> = [];
    const refresh = async () => {
      const live = (await labs.fleet.placements()).filter((p) => !p.row.draining);
      const total = live.reduce((n, p) => n + p.row.max_sandboxes, 0) || 1;
      preparers = live.map((p) => {
        const runner = labs.fleet.runnerFor(p.row);
        const quiet = (what: Promise<void>) => void what.catch((error) => console.warn(`[labs] runner ${p.row.id} could not prepare an announced class: ${String(error)}`));
        return { share: p.row.max_sandboxes / total, preparer: { prepareFor: (plan) => quiet(runner.prepareFor(plan)), cancelPrepared: (labId, at) => quiet(runner.cancelPrepared(labId, at)) } satisfies ClassPreparer };
      });
    };
    await refresh();
    const timer = setInterval(() => void refresh().catch(() => undefined), 5_000);
    timer.unref();
    const scheduler = startClassScheduler(() => preparers);
    onShutdown(() => {
      clearInterval(timer);
      scheduler.stop();
    });
    return labs;
  })();
  return services;
}

// Lab budgets live in the store, so every web process counts against the same buckets and a restart keeps them.
/** Per-sandbox request budget: bursts of 20, then 5 per second. */
export const sandboxRateLimit = createStoreRateLimiter({ name: 'lab-sandbox-requests', capacity: 20, perSecond: 5 });
/** Cloudflare API calls per sandbox: Cloudflare's own budget (1,200 per 5 minutes) with room for a wrangler deploy burst. */
export const cloudflareApiRateLimit = createStoreRateLimiter({ name: 'lab-sandbox-cf-api', capacity: 100, perSecond: 4 });
const perLearner = numberFromEnv('LAB_CREATE_PER_LEARNER_PER_MINUTE', 10);
/** New sandboxes per learner or lab session: a burst of that many, refilled over a minute. */
export const ownerCreationRateLimit = createStoreRateLimiter({ name: 'lab-create-per-owner', capacity: Math.max(1, perLearner), perSecond: Math.max(1, perLearner) / 60 });
const perAddress = numberFromEnv('LAB_CREATE_PER_ADDRESS_PER_MINUTE', 300);
/** A coarse flood guard per client address, generous enough for a whole class behind one NAT. */
export const addressCreationRateLimit = createStoreRateLimiter({ name: 'lab-create-per-address', capacity: Math.max(1, perAddress), perSecond: Math.max(1, perAddress) / 60 });
