import { join, resolve } from 'node:path';
import { createLabEngine, type LabEngine } from '../lab-engine';
import { inSandboxCloudflareApi } from './cloudflare-api-routes';
import { createRateLimiter } from './rate-limit';
import { onShutdown } from '../shutdown';
import { prepareLabForClass } from '../labs/lab-warmup';
import { startClassScheduler } from '../announcements/instance';

function numberFromEnv(name: string, fallback: number): number;
function numberFromEnv(name: string, fallback: undefined): number | undefined;
function numberFromEnv(name: string, fallback: number | undefined): number | undefined {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

let engine: LabEngine | null = null;

/** The server's one lab engine, configured from the environment (see README, "Lab server settings"). */
export function labEngine(): LabEngine {
  if (engine) return engine;
  const dataDir = resolve(process.env.COURSE_DATA_DIR ?? 'data');
  const max = numberFromEnv('LAB_MAX_SANDBOXES', undefined);
  engine = createLabEngine({
    dataDir: join(dataDir, 'labs'),
    maxSandboxes: max && max > 0 ? max : undefined,
    idleTimeoutMs: numberFromEnv('LAB_IDLE_MINUTES', 30) * 60_000,
    reclaimIdleMs: numberFromEnv('LAB_RECLAIM_IDLE_SECONDS', 300) * 1000,
    warmPoolSize: numberFromEnv('LAB_WARM_POOL', 3),
    warmPoolMax: numberFromEnv('LAB_WARM_POOL_MAX', undefined),
    prepareLab: (labId) => prepareLabForClass(labEngine(), labId),
    anonymousShare: numberFromEnv('LAB_ANON_SHARE', 0.25),
    sandboxesPerOwner: Math.max(1, numberFromEnv('LAB_SANDBOXES_PER_LEARNER', 2)),
    outerSandbox: process.env.LAB_OUTER_SANDBOX !== '0',
    storageTotalBytes: process.env.LAB_STORAGE_TOTAL_GB ? numberFromEnv('LAB_STORAGE_TOTAL_GB', 0) * 1024 ** 3 : undefined,
    limits: {
      runTimeoutMs: numberFromEnv('LAB_RUN_TIMEOUT_MS', 5_000),
      memoryLimitBytes: numberFromEnv('LAB_MEMORY_LIMIT_MB', 512) * 1024 * 1024,
      storageLimitBytes: Math.max(1, numberFromEnv('LAB_STORAGE_MB', 100)) * 1024 * 1024,
    },
    cloudflareApi: (sandbox, request) => inSandboxCloudflareApi(sandbox, request, cloudflareApiRateLimit),
  });
  onShutdown(() => engine?.close());
  // Announced classes warm this engine's pool before they start (the web process's scheduler).
  const scheduler = startClassScheduler(engine);
  onShutdown(() => scheduler.stop());
  return engine;
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
