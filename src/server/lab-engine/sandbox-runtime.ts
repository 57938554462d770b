import { randomBytes } from 'node:crypto';
import { Log, LogLevel, Miniflare } from 'miniflare';
import type { AccountState } from './account-state';
import { LabError } from './errors';
import { findProcessByEnv, isRunnable, residentBytes } from './process-monitor';
import { buildWorkerOptions, accountWorkerId, CONTROL_WORKER, controlD1Binding, controlKvBinding } from './runtime-options';
import type { D1Handle, KvHandle } from './storage-handles';
import { decodeLogLine, type DecodedLine } from './telemetry';

export interface RuntimeLimits {
  /** Wall-clock budget for one run (request, response body, logs). */
  runTimeoutMs: number;
  /** workerd resident memory above which a run is stopped. */
  memoryLimitBytes: number;
  maxBodyBytes: number;
  maxLogLines: number;
  maxLogChars: number;
  logLinesPerInvocation: number;
}

export type ContainmentKind = 'startup' | 'timeout' | 'cpu' | 'memory' | 'crash';

export interface RawRun {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  bodyTruncated: boolean;
  lines: DecodedLine[];
  contained: { kind: ContainmentKind; message: string } | null;
  durationMs: number;
}

export interface SandboxRuntimeOptions {
  sandboxId: string;
  persistDir: string;
  limits: RuntimeLimits;
  cloudflareApi: (request: Request) => Promise<Response>;
}

const quietLog = new Log(LogLevel.NONE);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Marks every lab workerd process, so the engine can find its own (and orphans of a dead server). */
export const RUNTIME_ENV_NAME = 'WFP_LAB_SANDBOX';

/** Miniflare types its Worker handles with workers-types' Fetcher; we only need fetch(). */
interface WorkerHandle {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}
async function workerHandle(mf: Miniflare, name: string): Promise<WorkerHandle> {
  return (await mf.getWorker(name)) as unknown as WorkerHandle;
}

/** Turns workerd's startup complaint into something a learner can act on (file and line first). */
function startupMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const detail = /Uncaught[^\n]*(\n\s+at [^\n]+)?/.exec(text)?.[0] ?? /error:[^\n]*/i.exec(text)?.[0];
  const cleaned = (detail ?? text).replaceAll('/lab/', '').trim();
  return `Your Workers failed to start: ${cleaned}`;
}

async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number, deadline: Promise<void>) {
  if (!body) return { text: '', truncated: false, timedOut: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  let timedOut = false;
  const timeout = deadline.then(() => 'timeout' as const);
  for (;;) {
    const next = await Promise.race([reader.read(), timeout]);
    if (next === 'timeout') {
      timedOut = true;
      break;
    }
    if (next.done) break;
    const room = maxBytes - size;
    chunks.push(next.value.subarray(0, Math.max(0, room)));
    size += Math.min(room, next.value.byteLength);
    if (next.value.byteLength > room) {
      truncated = true;
      break;
    }
  }
  if (truncated || timedOut) void reader.cancel().catch(() => {});
  return { text: Buffer.concat(chunks).toString('utf8'), truncated, timedOut };
}

/**
 * One workerd process for one sandbox. It is (re)configured from the account state before a run, and a
 * watchdog ends runs that overrun the time budget or the memory limit. A runaway loop freezes the whole
 * process (workerd has no local CPU limit), so the watchdog kills it; the next run starts a fresh one.
 */
export function createSandboxRuntime(options: SandboxRuntimeOptions) {
  const { limits } = options;
  const mark = `\u241eLAB:${randomBytes(12).toString('base64url')}\u241e`;
  // Unique per spawned process, so the watchdog never samples a previous workerd that is still exiting.
  let spawnCount = 0;
  let envValue = '';
  let mf: Miniflare | null = null;
  let appliedVersion = -1;
  let pid: number | null = null;
  let sink: ((line: DecodedLine) => void) | null = null;

  const shared = () => ({
    host: '127.0.0.1',
    port: 0,
    log: quietLog,
    handleStructuredLogs: (line: { timestamp: number; level: string; message: string }) => {
      sink?.(decodeLogLine(line, mark));
    },
    // WFP_LAB_DATA_DIR tells the outer sandbox wrapper which directory to make writable.
    unsafeRuntimeEnv: { [RUNTIME_ENV_NAME]: envValue, WFP_LAB_DATA_DIR: options.persistDir },
    kvPersist: `${options.persistDir}/kv`,
    d1Persist: `${options.persistDir}/d1`,
    cachePersist: `${options.persistDir}/cache`,
  });

  async function kill() {
    const old = mf;
    mf = null;
    pid = null;
    appliedVersion = -1;
    if (old) await Promise.race([old.dispose().catch(() => {}), sleep(5_000)]);
  }

  async function apply(state: AccountState) {
    if (mf && appliedVersion === state.version) return;
    envValue = `${options.sandboxId}:${++spawnCount}`;
    // Read the version first: an API call made by a running Worker may change the state meanwhile.
    const version = state.version;
    const config = {
      ...shared(),
      workers: buildWorkerOptions({
        state,
        mark,
        logLinesPerInvocation: limits.logLinesPerInvocation,
        cloudflareApi: options.cloudflareApi,
      }),
    };
    // Module-scope code runs while workerd starts, so a loop there would hang startup: bound it too.
    let starting: Promise<unknown>;
    try {
      starting = mf ? mf.setOptions(config) : (mf = new Miniflare(config)).ready;
    } catch (error) {
      await kill();
      throw new LabError('invalid_input', startupMessage(error), 422);
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
      throw new LabError(
        'invalid_input',
        `Your Workers did not finish starting within ${(limits.runTimeoutMs / 1000).toFixed(1)} s: code that runs when a module loads (outside fetch) never finished, such as a loop at module scope. The sandbox was restarted.`,
        422,
      );
    }
    if (outcome !== 'ready') {
      await kill();
      throw new LabError('invalid_input', startupMessage(outcome), 422);
    }
    appliedVersion = version;
    pid = await findProcessByEnv(`${RUNTIME_ENV_NAME}=${envValue}`);
  }

  function control(): Miniflare {
    if (!mf) throw new LabError('runtime_failed', 'The sandbox runtime is not running.');
    return mf;
  }

  /** Sends one request to an account-level Worker and collects everything it caused. */
  async function run(state: AccountState, target: string, request: Request): Promise<RawRun> {
    const started = performance.now();
    const lines: DecodedLine[] = [];
    try {
      await apply(state);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: null, headers: {}, body: '', bodyTruncated: false, lines, contained: { kind: 'startup', message }, durationMs: 0 };
    }
    const runtime = mf!;
    const runId = randomBytes(8).toString('hex');
    let flushed: () => void = () => {};
    const flushSeen = new Promise<void>((resolve) => (flushed = resolve));
    let captured = 0;
    sink = (line) => {
      if (line.kind === 'telemetry' && line.record.t === 'flush') {
        if (line.record.run === runId) flushed();
        return;
      }
      // Keep a generous margin over the display cap so the cut is reported, without unbounded memory.
      if (captured++ < limits.maxLogLines * 4) lines.push(line);
    };

    let contained: RawRun['contained'] = null;
    let stopWatchdog = () => {};
    const deadline = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, limits.runTimeoutMs);
      stopWatchdog = () => clearTimeout(timer);
    });
    const abort = new AbortController();

    // Memory and scheduler sampling: a hog is stopped before it takes the machine with it, and at the
    // deadline a busy loop (runnable in most recent samples) is told from a Worker that is only waiting.
    const recent: boolean[] = [];
    let memoryExceeded: Promise<void> = new Promise(() => {});
    let stopSampling = () => {};
    if (pid !== null) {
      const samplePid = pid;
      memoryExceeded = new Promise<void>((resolve) => {
        const interval = setInterval(async () => {
          const [rss, runnable] = await Promise.all([residentBytes(samplePid), isRunnable(samplePid)]);
          if (runnable !== null) recent.push(runnable);
          if (recent.length > 10) recent.shift();
          if (rss !== null && rss > limits.memoryLimitBytes) resolve();
        }, 100);
        stopSampling = () => clearInterval(interval);
      });
    }
    const busy = () => recent.length >= 3 && recent.filter(Boolean).length / recent.length >= 0.6;

    const stop = Promise.race([
      deadline.then(() => (busy() ? ('cpu' as const) : ('timeout' as const))),
      memoryExceeded.then(() => 'memory' as const),
    ]);

    let status: number | null = null;
    let headers: Record<string, string> = {};
    let body = '';
    let bodyTruncated = false;
    try {
      const worker = await workerHandle(runtime, accountWorkerId(target));
      const outcome = await Promise.race([
        worker.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: abort.signal,
          duplex: 'half',
        } as never),
        stop,
      ]);
      if (typeof outcome === 'string') {
        contained = containment(outcome as ContainmentKind);
      } else {
        const response = outcome as unknown as Response;
        status = response.status;
        headers = Object.fromEntries(response.headers);
        const read = await readCapped(response.body, limits.maxBodyBytes, Promise.race([deadline, memoryExceeded]));
        body = read.text;
        bodyTruncated = read.truncated;
        if (read.timedOut) contained = containment(busy() ? 'cpu' : 'timeout');
      }
    } catch (error) {
      const alive = pid !== null && (await residentBytes(pid)) !== null;
      contained = alive
        ? { kind: 'crash', message: `The request failed inside the runtime: ${error instanceof Error ? error.message : String(error)}` }
        : containment('crash');
    } finally {
      stopWatchdog();
      stopSampling();
    }

    // A cancelled request does not stop its invocation inside workerd (timers keep it alive and logging),
    // so every contained run ends with a fresh runtime; KV and D1 data are on disk and survive.
    if (contained) {
      abort.abort();
      await kill();
    } else {
      // Every line the run wrote is in workerd's log stream before this marker.
      try {
        const flushWorker = await workerHandle(runtime, CONTROL_WORKER);
        await flushWorker.fetch(`http://lab.internal/flush?run=${runId}`);
        await Promise.race([flushSeen, new Promise((r) => setTimeout(r, 1000))]);
      } catch {
        /* the log may then miss its last lines; the response itself is complete */
      }
    }
    sink = null;
    return { status, headers, body, bodyTruncated, lines, contained, durationMs: performance.now() - started };
  }

  function containment(kind: ContainmentKind): { kind: ContainmentKind; message: string } {
    const seconds = (limits.runTimeoutMs / 1000).toFixed(1);
    switch (kind) {
      case 'cpu':
        return {
          kind,
          message: `Stopped after ${seconds} s: a Worker kept computing without finishing (an infinite loop or runaway recursion). On Cloudflare this is the CPU time limit ("Worker exceeded CPU time limit."). The sandbox was restarted; your KV and D1 data were kept.`,
        };
      case 'memory':
        return {
          kind,
          message: `Stopped: the Workers used more than ${Math.round(limits.memoryLimitBytes / 1024 / 1024)} MiB of memory (on Cloudflare an isolate may use 128 MB). The sandbox was restarted; your KV and D1 data were kept.`,
        };
      case 'crash':
        return { kind, message: 'The Workers runtime stopped unexpectedly (most often from running out of memory). The sandbox was restarted.' };
      case 'timeout':
        return {
          kind,
          message: `No response within ${seconds} s: a Worker is waiting on something that never finishes (for example a promise that never settles). The run was cancelled and the sandbox restarted; your KV and D1 data were kept.`,
        };
      default:
        return { kind, message: 'The run was stopped.' };
    }
  }

  return {
    run,
    apply,
    async kv(state: AccountState, id: string) {
      await apply(state);
      return (await control().getKVNamespace(controlKvBinding(id), CONTROL_WORKER)) as unknown as KvHandle;
    },
    async d1(state: AccountState, id: string) {
      await apply(state);
      return (await control().getD1Database(controlD1Binding(id), CONTROL_WORKER)) as unknown as D1Handle;
    },
    get running() {
      return mf !== null;
    },
    get pid() {
      return pid;
    },
    dispose: kill,
  };
}

export type SandboxRuntime = ReturnType<typeof createSandboxRuntime>;
