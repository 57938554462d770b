import { createLabServices, type LabServices } from '../lab-runner/web-services';
import { courseDataDir } from '../lab-runner/settings';
import { openSqliteExecutor } from '../lab-runner/store/sql';
import { createRateLimiter } from './rate-limit';
import { onShutdown } from '../shutdown';

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

let services: Promise<LabServices> | null = null;

/**
 * The web process's lab services: the fleet of lab runners (this process's own in the embedded default,
 * or those named by LAB_RUNNERS) and site-wide admission, configured from the environment.
 */
export function labServices(): Promise<LabServices> {
  if (services) return services;
  // TODO(store merge): use the store's async driver (PostgreSQL when DATABASE_URL says so).
  const db = openSqliteExecutor(courseDataDir());
  services = createLabServices({ db });
  onShutdown(async () => (await services)?.close());
  return services;
}

/** Per-sandbox request budget: bursts of 20, then 5 per second. */
export const sandboxRateLimit = createRateLimiter({ capacity: 20, perSecond: 5 });
/** Cloudflare API calls per sandbox: Cloudflare's own budget (1,200 per 5 minutes) with room for a wrangler deploy burst. */
export const cloudflareApiRateLimit = createRateLimiter({ capacity: 100, perSecond: 4 });
const perLearner = numberFromEnv('LAB_CREATE_PER_LEARNER_PER_MINUTE', 10);
/** New sandboxes per learner or lab session: a burst of that many, refilled over a minute. */
export const ownerCreationRateLimit = createRateLimiter({ capacity: Math.max(1, perLearner), perSecond: Math.max(1, perLearner) / 60 });
const perAddress = numberFromEnv('LAB_CREATE_PER_ADDRESS_PER_MINUTE', 300);
/** A coarse flood guard per client address, generous enough for a whole class behind one NAT. */
export const addressCreationRateLimit = createRateLimiter({ capacity: Math.max(1, perAddress), perSecond: Math.max(1, perAddress) / 60 });
