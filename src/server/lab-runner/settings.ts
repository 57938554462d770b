import { resolve } from 'node:path';
import type { LabEngineOptions } from '../lab-engine';

function numberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number;
function numberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: undefined): number | undefined;
function numberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number | undefined): number | undefined {
  const value = Number(env[name]);
  return env[name] !== undefined && env[name] !== '' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export const courseDataDir = (env = process.env) => resolve(env.COURSE_DATA_DIR || './data');

/** The engine settings a runner takes from the environment (README, "Lab server settings"). */
export function engineSettings(env = process.env): Omit<LabEngineOptions, 'dataDir' | 'cloudflareApi' | 'log'> {
  const max = numberFromEnv(env, 'LAB_MAX_SANDBOXES', undefined);
  return {
    maxSandboxes: max && max > 0 ? max : undefined,
    idleTimeoutMs: numberFromEnv(env, 'LAB_IDLE_MINUTES', 30) * 60_000,
    reclaimIdleMs: numberFromEnv(env, 'LAB_RECLAIM_IDLE_SECONDS', 300) * 1000,
    warmPoolSize: numberFromEnv(env, 'LAB_WARM_POOL', 3),
    warmPoolMax: numberFromEnv(env, 'LAB_WARM_POOL_MAX', undefined),
    anonymousShare: numberFromEnv(env, 'LAB_ANON_SHARE', 0.25),
    sandboxesPerOwner: Math.max(1, numberFromEnv(env, 'LAB_SANDBOXES_PER_LEARNER', 2)),
    outerSandbox: env.LAB_OUTER_SANDBOX !== '0',
    // All sandboxes of this runner together; new ones are refused past it or on a nearly full disk (issue 19).
    storageTotalBytes: env.LAB_STORAGE_TOTAL_GB ? numberFromEnv(env, 'LAB_STORAGE_TOTAL_GB', 0) * 1024 ** 3 : undefined,
    limits: {
      runTimeoutMs: numberFromEnv(env, 'LAB_RUN_TIMEOUT_MS', 5_000),
      memoryLimitBytes: numberFromEnv(env, 'LAB_MEMORY_LIMIT_MB', 512) * 1024 * 1024,
      // KV, D1, cache and static assets of one sandbox together (LAB_STORAGE_MB, default 100).
      storageLimitBytes: Math.max(1, numberFromEnv(env, 'LAB_STORAGE_MB', 100)) * 1024 * 1024,
    },
  };
}

/** Web-tier settings: which runners to use, and the site-wide admission rules. */
export function fleetSettings(env = process.env) {
  const raw = (env.LAB_RUNNERS ?? '').trim();
  const mode: 'embedded' | 'remote' = raw === '' || raw === 'embedded' ? 'embedded' : 'remote';
  const urls = mode === 'remote' && raw !== 'remote' ? raw.split(',').map((u) => u.trim().replace(/\/$/, '')).filter(Boolean) : null;
  return {
    mode,
    /** null: every runner registered in the store. */
    urls,
    deadAfterMs: numberFromEnv(env, 'LAB_RUNNER_DEAD_SECONDS', 10) * 1000,
    perOwner: Math.max(1, numberFromEnv(env, 'LAB_SANDBOXES_PER_LEARNER', 2)),
    anonymousShare: numberFromEnv(env, 'LAB_ANON_SHARE', 0.25),
    reclaimIdleMs: numberFromEnv(env, 'LAB_RECLAIM_IDLE_SECONDS', 300) * 1000,
    idleTimeoutMs: numberFromEnv(env, 'LAB_IDLE_MINUTES', 30) * 60_000,
  };
}
