import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { freemem } from 'node:os';
import { join } from 'node:path';
import { createAccountState } from '../account-state';
import { createSandboxRuntime, type RuntimeLimits, type SandboxRuntime } from '../sandbox-runtime';
import { startGate } from '../start-gate';

/** A started runtime with an empty account, waiting for a learner. */
export interface PreparedRuntime {
  id: string;
  persistDir: string;
  /** Its api.cloudflare.com is connected by the sandbox that takes it over (runtime.bindCloudflareApi). */
  runtime: SandboxRuntime;
}

export interface WarmPoolOptions {
  /** How many runtimes to keep started right now (re-read on every refill step and tick). */
  target: () => number;
  /** True while an announced class is due: refills then run even while learners are busy. */
  urgent?: () => boolean;
  /** Free memory below which no runtime is started (default 1 GiB). */
  reserveBytes?: number;
  sandboxDir: string;
  limits: RuntimeLimits;
  /** Called once with the first runtime's resident memory, so the server can print what a sandbox costs. */
  onFirstReady?: (runtime: SandboxRuntime) => void;
}

/** How long learners must have been quiet before the pool starts another runtime. */
const QUIET_MS = 1_000;
/** How often the pool compares itself with its target (it grows and shrinks between sandbox creations too). */
const TICK_MS = 2_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Keeps `target()` runtimes started so a learner's new sandbox skips workerd's cold start. Refills run one
 * at a time in the background: a cold start costs ≈0.3 s of CPU, and on two cores several at once would
 * starve the learners' own requests. Runtimes beyond the target (after a class has arrived) are stopped.
 */
export function createWarmPool(options: WarmPoolOptions) {
  const ready: PreparedRuntime[] = [];
  const reserveBytes = options.reserveBytes ?? 1024 ** 3;
  let started = 0;
  let lastActivity = 0;
  let filling = false;
  let closed = false;
  let failures = 0;
  let announced = false;

  async function prepare(): Promise<PreparedRuntime> {
    const id = randomUUID();
    const persistDir = join(options.sandboxDir, id);
    mkdirSync(persistDir, { recursive: true });
    const runtime = createSandboxRuntime({ sandboxId: id, persistDir, limits: options.limits, startPriority: 'pool' });
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
      while (!closed && ready.length < options.target()) {
        // A start costs ≈0.3–0.5 s of CPU. Learners' own starts go first (the start gate), and while learners are
        // busy a pool that still holds a runtime waits for a lull, so refills never slow the runs the pool exists
        // to speed up; an empty pool keeps one start going for the next arrival, and an announced class that
        // is due fills regardless.
        const busy = () => Date.now() - lastActivity < QUIET_MS && ready.length > 0 && !options.urgent?.();
        while (!closed && (startGate.learnersWaiting > 0 || busy())) await sleep(startGate.learnersWaiting > 0 ? 100 : QUIET_MS);
        if (closed || ready.length >= options.target()) break;
        if (freemem() < reserveBytes) break; // memory-bound: try again on the next tick
        // Before an announced class that is due, two starts at a time (the gate's slots) fill the pool in half the time.
        const batch = options.urgent?.() && options.target() - ready.length >= 2 ? 2 : 1;
        const settled = await Promise.allSettled(Array.from({ length: batch }, () => prepare()));
        const entries = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        started += entries.length;
        const failed = settled.find((r) => r.status === 'rejected');
        if (failed && !closed) {
          ready.push(...entries); // keep the one that started; back off below
          throw failed.reason;
        }
        if (closed) {
          await Promise.all(entries.map(discard));
          break;
        }
        ready.push(...entries);
        failures = 0;
        if (!announced) {
          announced = true;
          options.onFirstReady?.(entries[0]!.runtime);
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

  /** Stops runtimes beyond the target, newest first (the oldest have been warm longest and are settled). */
  function shrink() {
    const extra = ready.length - options.target();
    if (extra > 0 && !filling) void Promise.all(ready.splice(ready.length - extra, extra).map(discard));
  }

  let ticker: NodeJS.Timeout | null = null;
  return {
    /** Starts filling in the background, and follows the target from then on. */
    start() {
      if (ticker || closed) return;
      ticker = setInterval(() => (shrink(), void fill()), TICK_MS);
      ticker.unref();
      void fill();
    },
    /** Compares the pool with its target now (after an announcement). */
    adjust() {
      shrink();
      void fill();
    },
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
    /** workerd process ids of the ready runtimes (for memory figures). */
    get pids(): number[] {
      return ready.map((e) => e.runtime.pid).filter((pid): pid is number => pid !== null);
    },
    /** Runtimes this pool has started so far (for tests and the benchmark). */
    get started() {
      return started;
    },
    async close() {
      closed = true;
      if (ticker) clearInterval(ticker);
      await Promise.all(ready.splice(0).map(discard));
    },
  };
}

export type WarmPool = ReturnType<typeof createWarmPool>;
