import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createAccountState, type AccountState } from './account-state';
import { LabError } from './errors';
import { buildTrace, collectLogs, type LogEntry, type RunTrace } from './run-result';
import type { StorageUsage } from './quota/storage-quota';
import { createSandboxRuntime, type Contained, type RuntimeLimits, type SandboxRuntime } from './sandbox-runtime';
import {
  runRequestSchema,
  scriptNameSchema,
  customHostnamesSchema,
  stubOriginSchema,
  timeoutSchema,
  workerUploadSchema,
  type RunRequest,
  type StubOrigin,
  type WorkerUpload,
} from './schemas';
import type { UploadTarget } from './runtime-options';
import { createSerialQueue } from './serial-queue';
import { parseOrThrow } from './validate';
import type { ValidationCache } from './validation-cache';

export interface RunResult {
  runId: string;
  status: number | null;
  headers: Record<string, string>;
  body: string;
  bodyTruncated: boolean;
  logs: LogEntry[];
  logsTruncated: boolean;
  trace: RunTrace;
  /** Set when the lab stopped the run (startup failure, timeout, CPU, memory, crash, cancelled). */
  error: Contained | null;
  durationMs: number;
  /** Storage in use after the run, against the sandbox's quota (LAB_STORAGE_MB). */
  storage?: StorageUsage;
}

export interface SandboxOptions {
  dataDir: string;
  limits: RuntimeLimits;
  /** Serves the sandbox's Cloudflare API to Workers that call api.cloudflare.com. */
  cloudflareApi?: (sandbox: Sandbox, request: Request) => Promise<Response>;
  /** Uploads already validated on this engine (each distinct upload is loaded once, not once per learner). */
  validations?: ValidationCache;
  /** An already started runtime (from the warm pool) with its id and data directory. */
  prepared?: { id: string; persistDir: string; runtime: SandboxRuntime };
  /** Id, token and account id chosen by the web tier (a sandbox re-created on another runner keeps them). */
  identity?: SandboxIdentity;
}

export interface SandboxIdentity {
  id: string;
  token: string;
  accountId: string;
}

export interface SendOptions {
  /** Wall-clock budget for this run; checks use short ones (default: the engine's run budget). */
  timeoutMs?: number;
  /** Aborting it cancels the run (`error.kind === 'cancelled'`). */
  signal?: AbortSignal;
}

/** What a finished run looks like to live-tail listeners (`wrangler tail`). */
export interface RunEvent {
  script: string;
  request: { url: string; method: string; headers: Record<string, string> };
  result: RunResult;
  startedAt: number;
}

export interface CustomHostname {
  hostname: string;
  metadata?: unknown;
}

const notImplementedApi = async () =>
  Response.json(
    { success: false, errors: [{ code: 10000, message: 'The Cloudflare API is not available in this sandbox.' }], messages: [], result: null },
    { status: 501 },
  );

/**
 * One learner's private account: its state, its workerd runtime and a queue so changes and runs never
 * interleave. Every method validates its input and throws LabError for bad requests.
 */
export function createSandbox(options: SandboxOptions) {
  const id = options.identity?.id ?? options.prepared?.id ?? randomUUID();
  const token = options.identity?.token ?? randomBytes(24).toString('base64url');
  const accountId = options.identity?.accountId ?? randomBytes(16).toString('hex');
  const persistDir = options.prepared?.persistDir ?? join(options.dataDir, id);
  mkdirSync(persistDir, { recursive: true });
  const state: AccountState = createAccountState();
  const queue = createSerialQueue();
  let lastUsed = Date.now();
  let disposed = false;
  let inFlight: AbortController | null = null;
  let customHostnames = new Map<string, unknown>();
  const runListeners = new Set<(event: RunEvent) => void>();
  const probed = async (s: AccountState, upload: WorkerUpload, target: UploadTarget) => {
    const valid = parseOrThrow(workerUploadSchema, upload, 'upload');
    const probe = () => runtime.probe(s, valid, target);
    await (options.validations ? options.validations.check(valid, target, probe) : probe());
    return valid;
  };

  const sandbox = {
    id,
    accountId,
    state,
    /** Where the runtime persists KV, D1 and cache data (snapshotted by the lab runner). */
    persistDir,
    get customHostnames(): CustomHostname[] {
      return [...customHostnames].map(([hostname, metadata]) => ({ hostname, ...(metadata === null ? {} : { metadata }) }));
    },
    get lastUsed() {
      return lastUsed;
    },
    touch() {
      lastUsed = Date.now();
    },
    checkToken(candidate: string | null | undefined): boolean {
      if (!candidate) return false;
      const a = Buffer.from(candidate);
      const b = Buffer.from(token);
      return a.length === b.length && timingSafeEqual(a, b);
    },
    token,

    /** Applies a change to the account in the sandbox's queue (never during a run). */
    change<T>(fn: (s: AccountState) => T): Promise<T> {
      sandbox.touch();
      return queue(async () => fn(state));
    },

    /**
     * Applies a change asked for by a Worker during a run (a call to api.cloudflare.com). The run holds the
     * queue, so waiting for it would deadlock; changes are synchronous and the next run picks them up.
     */
    async changeDuringRun<T>(fn: (s: AccountState) => T): Promise<T> {
      sandbox.touch();
      return fn(state);
    },

    /**
     * Loads an upload in the sandbox's workerd to reject, like the platform, modules that cannot start
     * (LabError 'script_invalid', code 10021). Used by the Cloudflare API before it changes the account.
     */
    validateUpload: async (upload: WorkerUpload, target: UploadTarget) => void (await probed(state, upload, target)),

    createNamespace: (name: string) => sandbox.change((s) => s.createNamespace(parseOrThrow(scriptNameSchema, name, 'namespace name'))),
    uploadUserWorker: (namespace: string, name: string, upload: WorkerUpload) =>
      sandbox.change(async (s) => {
        const script = parseOrThrow(scriptNameSchema, name, 'script name');
        return s.putUserWorker(namespace, script, await probed(s, upload, { name: script, namespace }));
      }),
    uploadAccountWorker: (name: string, upload: WorkerUpload) =>
      sandbox.change(async (s) => {
        const script = parseOrThrow(scriptNameSchema, name, 'script name');
        return s.putAccountWorker(script, await probed(s, upload, { name: script, namespace: null }));
      }),
    /** Requests whose Host matches get `request.cf.hostMetadata` in the dispatcher (never in user Workers). */
    setCustomHostnames: (hostnames: CustomHostname[]) =>
      sandbox.change(() => {
        const parsed = parseOrThrow(customHostnamesSchema, hostnames, 'custom hostnames');
        customHostnames = new Map(parsed.map((h) => [h.hostname.toLowerCase(), h.metadata ?? null]));
      }),
    createKvNamespace: (title: string) => sandbox.change((s) => s.createKvNamespace(title)),
    createD1Database: (name: string) => sandbox.change((s) => s.createD1Database(name)),
    setStubOrigins: (stubs: StubOrigin[]) =>
      sandbox.change((s) => s.setStubOrigins(stubs.map((stub) => parseOrThrow(stubOriginSchema, stub, 'stub origin')))),

    /** Reads and writes KV through the runtime (the same storage the Workers see). */
    kv: (namespaceId: string) => queue(async () => (state.getKvNamespace(namespaceId), runtime.kv(state, namespaceId))),
    /** Privileged D1 access for seeding and checks. */
    d1: (databaseId: string) => queue(async () => (state.getD1Database(databaseId), runtime.d1(state, databaseId))),

    /** Sends one request into an account-level Worker (the given one, or the only dispatch Worker). */
    async send(input: RunRequest, sendOptions: SendOptions = {}): Promise<RunResult> {
      const request = parseOrThrow(runRequestSchema, input, 'request');
      const timeoutMs = sendOptions.timeoutMs === undefined ? undefined : parseOrThrow(timeoutSchema, sendOptions.timeoutMs, 'timeoutMs');
      sandbox.touch();
      return queue(async () => {
        const target = request.script ?? defaultTarget(state);
        state.getAccountWorker(target);
        const body = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD' ? request.body : undefined;
        const abort = new AbortController();
        const forward = () => abort.abort();
        if (sendOptions.signal?.aborted) abort.abort();
        sendOptions.signal?.addEventListener('abort', forward, { once: true });
        inFlight = abort;
        const host = new URL(request.url).hostname.toLowerCase();
        const cf = customHostnames.has(host) ? { hostMetadata: customHostnames.get(host) } : undefined;
        const raw = await runtime
          .run(state, target, new Request(request.url, { method: request.method, headers: request.headers, body }), { timeoutMs, signal: abort.signal, cf })
          .finally(() => {
            inFlight = null;
            sendOptions.signal?.removeEventListener('abort', forward);
          });
        const { logs, truncated } = collectLogs(raw.lines, { maxLines: options.limits.maxLogLines, maxChars: options.limits.maxLogChars });
        const result: RunResult = {
          runId: randomUUID(),
          status: raw.status,
          headers: raw.headers,
          body: raw.body,
          bodyTruncated: raw.bodyTruncated,
          logs,
          logsTruncated: truncated,
          trace: buildTrace(raw.lines),
          error: raw.contained,
          durationMs: Math.round(raw.durationMs * 100) / 100,
          storage: await runtime.quota.usage(),
        };
        if (raw.bodyTruncated) result.logs.push({ worker: 'lab', level: 'warn', message: `[lab] The response body was cut at ${options.limits.maxBodyBytes} bytes.`, timestamp: Date.now() });
        const event: RunEvent = { script: target, request: { url: request.url, method: request.method, headers: request.headers }, result, startedAt: Date.now() - result.durationMs };
        for (const listener of runListeners) {
          try {
            listener(event);
          } catch {
            /* a listener's failure is its own */
          }
        }
        return result;
      });
    },

    /** Calls `listener` after every run (live tails); returns the unsubscribe function. */
    onRun(listener: (event: RunEvent) => void): () => void {
      runListeners.add(listener);
      return () => void runListeners.delete(listener);
    },

    /** Stops the run or check in flight, if any (its result says "Stopped by you."). */
    async cancel(): Promise<boolean> {
      if (!inFlight || inFlight.signal.aborted) return false;
      inFlight.abort();
      return true;
    },

    /** Starts (or reconfigures) the runtime now, so the first run is fast. */
    warm: () => queue(() => runtime.apply(state)),
    get runtimeRunning() {
      return runtime.running;
    },
    get runtimePid() {
      return runtime.pid;
    },
    /** Storage in use against the sandbox's quota (LAB_STORAGE_MB): KV, D1, cache and static assets together. */
    storage: () => runtime.quota.usage(),
    /** workerd's loopback entry socket (null when stopped); its control channel demands a per-start secret. */
    get runtimeEntryUrl() {
      return runtime.entryUrl;
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      await queue(() => runtime.dispose());
      rmSync(persistDir, { recursive: true, force: true });
    },
  };

  // A prepared runtime was started by the pool for an empty account; its Cloudflare API hook is bound now.
  const cloudflareApi = (request: Request) => (options.cloudflareApi ?? notImplementedApi)(sandbox, request);
  const runtime =
    options.prepared?.runtime ?? createSandboxRuntime({ sandboxId: id, persistDir, limits: options.limits, cloudflareApi });
  options.prepared?.runtime.bindCloudflareApi(cloudflareApi);
  return sandbox;
}

function defaultTarget(state: AccountState): string {
  const workers = state.listAccountWorkers();
  const dispatchers = workers.filter((w) => w.metadata.bindings?.some((b) => b.type === 'dispatch_namespace'));
  const candidates = dispatchers.length > 0 ? dispatchers : workers;
  if (candidates.length === 1) return candidates[0]!.name;
  if (candidates.length === 0) throw new LabError('invalid_input', 'This sandbox has no account-level Worker to send the request to: upload a dispatch Worker first.');
  throw new LabError('invalid_input', `This sandbox has several dispatch Workers (${candidates.map((c) => c.name).join(', ')}): say which one with "script".`);
}

export type Sandbox = ReturnType<typeof createSandbox>;
