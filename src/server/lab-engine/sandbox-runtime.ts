import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Log, LogLevel, Miniflare } from 'miniflare';
import type { AccountState } from './account-state';
import { LabError } from './errors';
import { findProcessByEnv, residentBytes } from './process-monitor';
import { containmentOf, readCapped, watchProcess, type Contained, type ContainmentKind } from './run-containment';

export type { Contained, ContainmentKind } from './run-containment';
import { accountSpec, assignSlots, HOST_WORKER, hostWorkerOptions, slotBinding, uploadSpec, type StorageSlots, type UploadTarget } from './runtime-options';
import { d1Client, kvClient } from './storage-client';
import type { D1Handle, KvHandle } from './storage-handles';
import { cleanStartupError } from './startup-errors';
import type { DecodedLine, TelemetryRecord } from './telemetry';
import { createHostCaller, type WorkerHandle } from './host-caller';
import { createStorageQuota, DEFAULT_STORAGE_MB, MIB } from './quota/storage-quota';
import { reclaimUncommitted, watchStorage } from './quota/storage-watch';
import { probeUpload, type ProbeCall } from './upload-probe';
import { startGate } from './start-gate';
import type { ValidWorkerUpload } from './schemas';

export interface RuntimeLimits {
  /** Wall-clock budget for one run (request, response body, logs). */
  runTimeoutMs: number;
  /** workerd resident memory above which a run is stopped. */
  memoryLimitBytes: number;
  maxBodyBytes: number;
  maxLogLines: number;
  maxLogChars: number;
  logLinesPerInvocation: number;
  /** Budget for one KV/D1 call or upload probe made from Node (default: min(run budget, 3 s)). */
  storageTimeoutMs?: number;
  /** KV, D1, cache and static assets together (LAB_STORAGE_MB; default 100 MiB). */
  storageLimitBytes?: number;
}

export interface RunOptions {
  /** Wall-clock budget for this run (default: limits.runTimeoutMs). */
  timeoutMs?: number;
  /** Aborting it stops the run: the result is `cancelled`. */
  signal?: AbortSignal;
  /** Set as `request.cf` for the dispatcher (custom hostname metadata). */
  cf?: Record<string, unknown>;
}

export interface RawRun {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  bodyTruncated: boolean;
  lines: DecodedLine[];
  contained: Contained | null;
  durationMs: number;
}

export interface SandboxRuntimeOptions {
  sandboxId: string;
  persistDir: string;
  limits: RuntimeLimits;
  /** Serves api.cloudflare.com for Workers; a pool-started runtime gets it later (bindCloudflareApi). */
  cloudflareApi?: (request: Request) => Promise<Response>;
  /** Who waits for this runtime's starts: a learner (first in line) or the warm pool. */
  startPriority?: 'learner' | 'pool';
}

const noApi = async () =>
  Response.json({ success: false, errors: [{ code: 10000, message: 'The Cloudflare API is not available in this sandbox.' }], messages: [], result: null }, { status: 501 });

const quietLog = new Log(LogLevel.NONE);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Marks every lab workerd process, so the engine can find its own (and orphans of a dead server). */
export const RUNTIME_ENV_NAME = 'WFP_LAB_SANDBOX';
/** Tells the outer sandbox wrapper which directory this workerd may write (KV, D1, cache). */
export const DATA_DIR_ENV_NAME = 'WFP_LAB_DATA_DIR';
/** Distinct Worker versions one workerd may hold before the next run restarts it (bounds its memory). */
const MAX_LOADED_VERSIONS = 60;

/**
 * Miniflare makes a `miniflare-*` temp dir per instance (os.tmpdir() read in its constructor) that a crash
 * leaves behind. Point it inside the sandbox root, which its engine owns and removes (or a later runner
 * sweeps when this one died).
 */
function withMiniflareTmpDir<T>(persistDir: string, make: () => T): T {
  const dir = join(dirname(persistDir), '.tmp');
  mkdirSync(dir, { recursive: true });
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return make();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/**
 * The host Worker (the only Worker of the runtime, so Miniflare's entry routes every dispatch to it). Plain
 * `dispatchFetch`, never `getWorker()`: the latter builds Miniflare's proxy client, whose first use fetches
 * the runtime's `env` synchronously (Atomics.wait), freezing the whole server ≈0.2 s per cold start, and
 * seconds when a class arrives and workerd answers slowly. Same transport otherwise (the proxy's fetch
 * goes through dispatchFetch too).
 */
async function workerHandle(mf: Miniflare, _name: typeof HOST_WORKER): Promise<WorkerHandle> {
  return { fetch: (url, init) => mf.dispatchFetch(url, init as never) as unknown as Promise<Response> };
}

/** Turns workerd's startup complaint into something a learner can act on (file and line first). */
function startupError(error: unknown): LabError {
  const clean = cleanStartupError(error instanceof Error ? error.message : String(error));
  return new LabError('invalid_input', `Your Workers failed to start: ${clean.message}`, 422, clean.location);
}

/**
 * One workerd process for one sandbox. It is (re)configured from the account state before a run, and a
 * watchdog ends runs that overrun the time budget or the memory limit. A runaway loop freezes the whole
 * process (workerd has no local CPU limit), so the watchdog kills it; the next run starts a fresh one.
 */
export function createSandboxRuntime(options: SandboxRuntimeOptions) {
  const { limits } = options;
  // Unique per spawned process, so the watchdog never samples a previous workerd that is still exiting.
  let spawnCount = 0;
  let envValue = '';
  /** The host Worker's control secret, new for every workerd start; only this process knows it. */
  let hostSecret = '';
  let entryUrl: URL | null = null;
  let mf: Miniflare | null = null;
  /** The account version the host Worker holds (-1: none pushed to this process yet). */
  let pushedVersion = -1;
  const slots: StorageSlots = { kv: new Map(), d1: new Map(), kvCapacity: 8, d1Capacity: 8 };
  /** Loader ids this workerd has been given (each a live isolate until the process restarts). */
  const loadedIds = new Set<string>();
  const remember = (ids: string[]) => ids.forEach((id) => loadedIds.add(id));
  let pid: number | null = null;
  let sink: ((line: DecodedLine) => void) | null = null;
  let apiHook = options.cloudflareApi ?? noApi;
  const quota = createStorageQuota({ dir: options.persistDir, limitBytes: limits.storageLimitBytes ?? DEFAULT_STORAGE_MB * MIB });

  const shared = () => ({
    host: '127.0.0.1',
    port: 0,
    log: quietLog,
    // Lab Workers' console output reaches the engine through the host's Telemetry entrypoint; what
    // workerd itself prints (warnings) is shown as the runtime's.
    handleStructuredLogs: (line: { timestamp: number; level: string; message: string }) => {
      sink?.({ kind: 'runtime', at: line.timestamp, level: line.level, message: line.message });
    },
    // The outer sandbox wrapper (engine-ops) reads these to find the process and its writable directory.
    unsafeRuntimeEnv: { [RUNTIME_ENV_NAME]: envValue, [DATA_DIR_ENV_NAME]: options.persistDir },
    kvPersist: `${options.persistDir}/kv`,
    d1Persist: `${options.persistDir}/d1`,
    cachePersist: `${options.persistDir}/cache`,
  });

  async function kill() {
    const old = mf;
    mf = null;
    pid = null;
    entryUrl = null;
    pushedVersion = -1;
    loadedIds.clear();
    if (old) await Promise.race([old.dispose().catch(() => {}), sleep(5_000)]);
  }

  /** Starts the generic runtime (or restarts it with more storage slots), in line with the process's other starts. */
  let priority = options.startPriority ?? 'learner';
  const start = () => startGate.run(priority, startNow);

  async function startNow() {
    envValue = `${options.sandboxId}:${++spawnCount}`;
    hostSecret = randomBytes(32).toString('base64url');
    const config = { ...shared(), workers: [hostWorkerOptions(slots, (request) => apiHook(request), hostSecret, (request) => quota.hook(request))] };
    let starting: Promise<unknown>;
    try {
      starting = mf ? mf.setOptions(config) : (mf = withMiniflareTmpDir(options.persistDir, () => new Miniflare(config))).ready;
    } catch (error) {
      await kill();
      throw startupError(error);
    }
    const outcome = await Promise.race([
      starting.then(() => 'ready' as const, (error: unknown) => error),
      sleep(limits.runTimeoutMs).then(() => 'timeout' as const),
    ]);
    if (outcome === 'timeout') {
      const stuck = await findProcessByEnv(`${RUNTIME_ENV_NAME}=${envValue}`);
      if (stuck !== null) process.kill(stuck, 'SIGKILL');
      await Promise.race([starting.catch(() => {}), sleep(2_000)]);
      await kill();
      throw new LabError('runtime_failed', `The sandbox runtime did not start within ${(limits.runTimeoutMs / 1000).toFixed(1)} s. Try again.`);
    }
    if (outcome !== 'ready') {
      await kill();
      throw startupError(outcome);
    }
    pushedVersion = -1;
    entryUrl = await mf!.ready;
    pid = await findProcessByEnv(`${RUNTIME_ENV_NAME}=${envValue}`);
  }

  /**
   * Makes the runtime serve the account: starts it if needed and pushes the account as data to the host
   * Worker. An edit is a new push (lab Workers reload under new ids), never a workerd restart.
   */
  async function apply(state: AccountState) {
    const grown = assignSlots(state, slots);
    // Every code version stays loaded as an isolate (≈2–3 MiB each): after many edits, start afresh.
    const crowded = loadedIds.size > MAX_LOADED_VERSIONS;
    if (crowded) await kill();
    if (!mf || grown) await start();
    if (pushedVersion === state.version) return;
    // Read the version first: an API call made by a running Worker may change the state meanwhile.
    const version = state.version;
    const spec = accountSpec(state, slots, limits.logLinesPerInvocation);
    remember(Object.values(spec.workers).map((w) => w.id));
    const answer = await bounded('config', spec, 'Updating the sandbox');
    if (answer !== 'ok') throw new LabError('runtime_failed', 'The sandbox runtime did not accept the account.');
    pushedVersion = version;
  }

  function control(): Miniflare {
    if (!mf) throw new LabError('runtime_failed', 'The sandbox runtime is not running.');
    return mf;
  }

  /** Sends one request to an account-level Worker and collects everything it caused. */
  async function run(state: AccountState, target: string, request: Request, runOptions: RunOptions = {}): Promise<RawRun> {
    const started = performance.now();
    const lines: DecodedLine[] = [];
    const budgetMs = runOptions.timeoutMs ?? limits.runTimeoutMs;
    const empty = { status: null, headers: {}, body: '', bodyTruncated: false, lines, durationMs: 0 };
    if (runOptions.signal?.aborted) return { ...empty, contained: containmentOf(limits, 'cancelled', budgetMs) };
    try {
      await apply(state);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const location = error instanceof LabError && error.details?.file ? (error.details as Contained['location']) : undefined;
      return { ...empty, contained: { kind: 'startup', message, ...(location ? { location } : {}) } };
    }
    const runtime = mf!;
    const runId = randomBytes(8).toString('hex');
    let captured = 0;
    sink = (line) => {
      // Keep a generous margin over the display cap so the cut is reported, without unbounded memory.
      if (captured++ < limits.maxLogLines * 4) lines.push(line);
    };

    let contained: RawRun['contained'] = null;
    let stopWatchdog = () => {};
    const deadline = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, budgetMs);
      stopWatchdog = () => clearTimeout(timer);
    });
    const abort = new AbortController();
    // The caller's signal (a Stop button, a closed connection) ends the run like a timeout does.
    const cancelled = new Promise<'cancelled'>((resolve) => {
      if (runOptions.signal?.aborted) resolve('cancelled'); // aborted while the runtime was starting
      runOptions.signal?.addEventListener('abort', () => resolve('cancelled'), { once: true });
    });

    const { memoryExceeded, busy, stop: stopSampling } = watchProcess(pid, limits.memoryLimitBytes);
    const storageWatch = watchStorage(quota);

    const stop = Promise.race([
      storageWatch.exceeded.then(() => 'storage' as const),
      deadline.then(() => (busy() ? ('cpu' as const) : ('timeout' as const))),
      memoryExceeded.then(() => 'memory' as const),
      cancelled,
    ]);

    let status: number | null = null;
    let headers: Record<string, string> = {};
    let body = '';
    let bodyTruncated = false;
    try {
      const worker = await workerHandle(runtime, HOST_WORKER);
      const labHeaders = new Headers(request.headers);
      labHeaders.set('x-wfp-lab-op', 'run');
      labHeaders.set('x-wfp-lab-secret', hostSecret);
      labHeaders.set('x-wfp-lab-run', runId);
      labHeaders.set('x-wfp-lab-target', target);
      labHeaders.set('x-wfp-lab-version', String(pushedVersion));
      // Miniflare's entry refuses an Origin whose host it does not serve (its own dev-server CSRF guard),
      // so a learner's Origin travels under another name and the host Worker puts it back.
      const origin = labHeaders.get('origin');
      labHeaders.delete('origin');
      labHeaders.delete('x-wfp-lab-origin');
      if (origin !== null) labHeaders.set('x-wfp-lab-origin', origin);
      const outcome = await Promise.race([
        worker.fetch(request.url, {
          method: request.method,
          headers: labHeaders,
          body: request.body,
          redirect: 'manual',
          signal: abort.signal,
          duplex: 'half',
          ...(runOptions.cf ? { cf: runOptions.cf } : {}),
        } as never),
        stop,
      ]);
      if (typeof outcome === 'string') {
        contained = containmentOf(limits, outcome as ContainmentKind, budgetMs);
      } else {
        const response = outcome as unknown as Response;
        if (response.headers.get('x-wfp-lab-stale')) {
          // The host lost the account (it should not happen): push it again on the next run.
          pushedVersion = -1;
          throw new Error('the runtime did not hold the current account; run again');
        }
        if (response.headers.get('x-wfp-lab-startup')) {
          const clean = cleanStartupError(await response.text());
          contained = { kind: 'startup', message: `Your Workers failed to start: ${clean.message}`, ...(clean.location ? { location: clean.location } : {}) };
        } else {
          status = response.status;
          headers = Object.fromEntries(response.headers);
          const read = await readCapped(response.body, limits.maxBodyBytes, Promise.race([deadline, memoryExceeded, cancelled.then(() => {})]));
          body = read.text;
          bodyTruncated = read.truncated;
          if (read.timedOut) contained = containmentOf(limits, runOptions.signal?.aborted ? 'cancelled' : busy() ? 'cpu' : 'timeout', budgetMs);
        }
      }
    } catch (error) {
      const alive = pid !== null && (await residentBytes(pid)) !== null;
      contained = alive
        ? { kind: 'crash', message: `The request failed inside the runtime: ${error instanceof Error ? error.message : String(error)}` }
        : containmentOf(limits, 'crash', budgetMs);
    } finally {
      stopWatchdog();
      stopSampling();
      storageWatch.stop();
    }

    // A cancelled request does not stop its invocation inside workerd (timers keep it alive and logging),
    // so every contained run ends with a fresh runtime; KV and D1 data are on disk and survive.
    if (contained) {
      abort.abort();
      if (contained.kind === 'storage') await stopOverQuota();
      else if (contained.kind !== 'startup') await kill();
    } else {
      // What the host recorded for this run (hops, logs, origins), after its invocations settled.
      try {
        const answer = (await bounded('records', null, 'Collecting the run log', { 'x-wfp-lab-run': runId })) as { records: Array<{ at: number; record: TelemetryRecord }> };
        for (const r of answer.records) lines.push({ kind: 'telemetry', at: r.at, record: r.record });
        lines.sort((a, b) => a.at - b.at);
      } catch {
        /* the log may then miss lines; the response itself is complete */
      }
    }
    sink = null;
    return { status, headers, body, bodyTruncated, lines, contained, durationMs: performance.now() - started };
  }

  const storageBudgetMs = limits.storageTimeoutMs ?? Math.min(limits.runTimeoutMs, 3_000);

  /** Kills workerd mid-write (the statement never commits) and drops what it left in the WAL. */
  async function stopOverQuota() {
    await hardKill();
    await reclaimUncommitted(options.persistDir);
  }

  const bounded = createHostCaller({
    host: async () => workerHandle(control(), HOST_WORKER),
    watch: () => watchStorage(quota),
    onStorageOverrun: stopOverQuota,
    secret: () => hostSecret,
    budgetMs: storageBudgetMs,
    onOverrun: () => hardKill(),
  });

  /** Kills the process at once (a busy workerd cannot answer Miniflare's polite shutdown quickly). */
  async function hardKill() {
    if (pid !== null) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await kill();
  }

  const storageCall = (what: string) => async (path: '/kv' | '/d1', body: Record<string, unknown>) => {
    const answer = (await bounded(path.slice(1), body, what)) as { ok: boolean; result?: unknown; error?: string };
    if (!answer.ok && answer.error?.startsWith('Storage quota exceeded')) throw new LabError('quota_exceeded', answer.error);
    if (!answer.ok) throw new LabError('invalid_input', `${what} failed: ${answer.error ?? 'unknown error'}`);
    return answer.result;
  };

  const probeCall: ProbeCall = async (spec) => (await bounded('probe', spec, 'Loading the uploaded Worker')) as { ok: boolean; message?: string };

  return {
    run,
    apply,
    /** Connects the sandbox's Cloudflare API (the Worker binding calls through this hook, so no restart). */
    bindCloudflareApi(hook: (request: Request) => Promise<Response>) {
      apiHook = hook;
      priority = 'learner'; // handed over to a learner's sandbox: its restarts are theirs now
    },
    /** Loads an upload in this sandbox's workerd (no restart) to reject modules that cannot start. */
    async probe(state: AccountState, upload: ValidWorkerUpload, target: UploadTarget) {
      if (!mf) await start();
      assignSlots(state, slots);
      const spec = uploadSpec(state, slots, limits.logLinesPerInvocation, target, upload);
      remember([spec.id]);
      await probeUpload(probeCall, upload, spec);
    },
    async kv(state: AccountState, id: string): Promise<KvHandle> {
      await apply(state);
      return kvClient(storageCall('The KV operation'), slotBinding('kv', slots.kv.get(id)!));
    },
    async d1(state: AccountState, id: string): Promise<D1Handle> {
      await apply(state);
      return d1Client(storageCall('The D1 query'), slotBinding('d1', slots.d1.get(id)!));
    },
    get running() {
      return mf !== null;
    },
    get pid() {
      return pid;
    },
    /** workerd's entry socket (loopback): what any local process could reach, so the host demands its secret. */
    get entryUrl() {
      return entryUrl?.href ?? null;
    },
    /** This sandbox's storage quota: use against LAB_STORAGE_MB, checked before every write. */
    quota,
    /** The directory this runtime persists KV, D1 and cache data in. */
    get dataDir() {
      return options.persistDir;
    },
    dispose: kill,
  };
}

export type SandboxRuntime = ReturnType<typeof createSandboxRuntime>;
