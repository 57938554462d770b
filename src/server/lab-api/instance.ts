import { join, resolve } from 'node:path';
import { createLabEngine, type LabEngine } from '../lab-engine';
import { inSandboxCloudflareApi } from './cloudflare-api-routes';
import { createRateLimiter } from './rate-limit';
import { onShutdown } from '../shutdown';

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

let engine: LabEngine | null = null;

/** The server's one lab engine, configured from the environment (see README, "Lab server settings"). */
export function labEngine(): LabEngine {
  if (engine) return engine;
  const dataDir = resolve(process.env.COURSE_DATA_DIR ?? 'data');
  engine = createLabEngine({
    dataDir: join(dataDir, 'labs'),
    maxSandboxes: numberFromEnv('LAB_MAX_SANDBOXES', 24),
    idleTimeoutMs: numberFromEnv('LAB_IDLE_MINUTES', 30) * 60_000,
    limits: {
      runTimeoutMs: numberFromEnv('LAB_RUN_TIMEOUT_MS', 5_000),
      memoryLimitBytes: numberFromEnv('LAB_MEMORY_LIMIT_MB', 512) * 1024 * 1024,
    },
    cloudflareApi: (sandbox, request) => inSandboxCloudflareApi(sandbox, request, cloudflareApiRateLimit),
  });
  onShutdown(() => engine?.close());
  return engine;
}

/** Per-sandbox request budget: bursts of 20, then 5 per second. */
export const sandboxRateLimit = createRateLimiter({ capacity: 20, perSecond: 5 });
/** Cloudflare API calls per sandbox: Cloudflare's own budget (1,200 per 5 minutes) with room for a wrangler deploy burst. */
export const cloudflareApiRateLimit = createRateLimiter({ capacity: 100, perSecond: 4 });
/** Sandbox creation per client address: bursts of 5, then one every 10 seconds. */
export const creationRateLimit = createRateLimiter({ capacity: 5, perSecond: 0.1 });
