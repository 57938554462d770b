import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createAccountState } from '../account-state';
import { createSandboxRuntime, type RuntimeLimits, type SandboxRuntime } from '../sandbox-runtime';

/** A started runtime with an empty account, waiting for a learner. */
export interface PreparedRuntime {
  id: string;
  persistDir: string;
  /** Its api.cloudflare.com is connected by the sandbox that takes it over (runtime.bindCloudflareApi). */
  runtime: SandboxRuntime;
}

export interface WarmPoolOptions {
  size: number;
  sandboxDir: string;
  limits: RuntimeLimits;
  /** Called once with the first runtime's resident memory, so the server can print what a sandbox costs. */
  onFirstReady?: (runtime: SandboxRuntime) => void;
}

/**
 * Keeps `size` runtimes started so a learner's new sandbox skips workerd's cold start. Refills run one at
 * a time in the background: a cold start costs ≈0.3 s of CPU, and on two cores several at once would
 * starve the learners' own requests.
 */
/** How long learners must have been quiet before the pool starts another runtime. */
const QUIET_MS = 1_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createWarmPool(options: WarmPoolOptions) {
  const ready: PreparedRuntime[] = [];
  let lastActivity = 0;
  let filling = false;
  let closed = false;
  let failures = 0;
  let announced = false;

  async function prepare(): Promise<PreparedRuntime> {
    const id = randomUUID();
    const persistDir = join(options.sandboxDir, id);
    mkdirSync(persistDir, { recursive: true });
    const runtime = createSandboxRuntime({ sandboxId: id, persistDir, limits: options.limits });
    try {
      await runtime.apply(createAccountState());
    } catch (error) {
      await runtime.dispose();
      rmSync(persistDir, { recursive: true, force: true });
      throw error;
    }
    return { id, persistDir, runtime };
  }

  async function fill() {
    if (filling || closed) return;
    filling = true;
    try {
      while (!closed && ready.length < options.size) {
        // A start costs ≈0.3–0.5 s of CPU: while learners are busy (a class arriving), refills wait for a lull,
        // so they never slow the runs the pool exists to speed up.
        while (!closed && Date.now() - lastActivity < QUIET_MS) await sleep(QUIET_MS);
        if (closed) break;
        const entry = await prepare();
        if (closed) {
          await discard(entry);
          break;
        }
        ready.push(entry);
        failures = 0;
        if (!announced) {
          announced = true;
          options.onFirstReady?.(entry.runtime);
        }
      }
    } catch (error) {
      // Back off and try again later; requests still get sandboxes started on demand meanwhile.
      failures++;
      if (failures === 1) console.error('[lab-engine] could not warm a lab runtime:', error instanceof Error ? error.message : error);
      setTimeout(() => void fill(), Math.min(60_000, 1_000 * 2 ** failures)).unref();
    } finally {
      filling = false;
    }
  }

  async function discard(entry: PreparedRuntime) {
    await entry.runtime.dispose();
    rmSync(entry.persistDir, { recursive: true, force: true });
  }

  return {
    /** Starts filling in the background. */
    start: () => void fill(),
    /** A learner did something (created a sandbox, ran code): refills wait until things are quiet. */
    noteActivity() {
      lastActivity = Date.now();
    },
    /** A warm runtime, or null when the pool is empty (the caller then starts one on demand). */
    take(): PreparedRuntime | null {
      const entry = ready.shift() ?? null;
      void fill();
      return entry;
    },
    get size() {
      return ready.length;
    },
    async close() {
      closed = true;
      await Promise.all(ready.splice(0).map(discard));
    },
  };
}

export type WarmPool = ReturnType<typeof createWarmPool>;
