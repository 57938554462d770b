// Runs inside workerd, first module of every lab Worker (the engine fills the __LAB_* placeholders).
// It labels console output, counts and limits subrequests, measures time per invocation and enforces
// untrusted mode for user Workers. Telemetry leaves the isolate as marked console lines, which the
// engine reads from workerd's structured logs; the mark is a per-runtime secret kept in this closure.
import { AsyncLocalStorage } from 'node:async_hooks';

const WORKER = __LAB_WORKER__;
const ROLE = __LAB_ROLE__; // 'dispatcher' | 'user' | 'outbound'
const MARK = __LAB_MARK__;
const CTX_HEADER = __LAB_CTX_HEADER__;
const LOG_LINES_PER_INVOCATION = __LAB_LOG_LINES__;
const LOG_LINE_CHARS = 4096;

const writeLine = console.log.bind(console);
const originalFetch = globalThis.fetch.bind(globalThis);
const invocations = new AsyncLocalStorage();

function emit(record) {
  writeLine(MARK + JSON.stringify({ w: WORKER, ...record }));
}

function describe(value, depth = 0) {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value !== 'object' || value === null) return String(value);
  if (depth > 0) return Array.isArray(value) ? '[Array]' : '[Object]';
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  } catch {
    return Object.prototype.toString.call(value);
  }
}

let isolateLines = 0; // used when a log happens outside any invocation (module scope, waitUntil)
function log(level, args) {
  const inv = invocations.getStore();
  const count = inv ? ++inv.logLines : ++isolateLines;
  if (count > LOG_LINES_PER_INVOCATION) {
    if (count === LOG_LINES_PER_INVOCATION + 1) emit({ t: 'log-cut', inv: inv?.id });
    return;
  }
  let msg = args.map((a) => describe(a)).join(' ');
  if (msg.length > LOG_LINE_CHARS) msg = `${msg.slice(0, LOG_LINE_CHARS)}… [line cut at ${LOG_LINE_CHARS} characters]`;
  emit({ t: 'log', level, msg, inv: inv?.id });
}
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => log(level, args);
}

/** Tracks time spent waiting on I/O so CPU time can be estimated as wall time minus waiting. */
function beginWait(inv) {
  if (!inv) return () => {};
  if (inv.waiting++ === 0) inv.waitStart = performance.now();
  return () => {
    if (--inv.waiting === 0) inv.waitedMs += performance.now() - inv.waitStart;
  };
}
globalThis[Symbol.for('wfp-lab.beginWait')] = () => beginWait(invocations.getStore());

function exceeded(inv, kind) {
  inv.violation = kind;
  return kind === 'subrequests'
    ? new Error('Too many subrequests by single Worker invocation.')
    : new Error('Worker exceeded CPU time limit.');
}

globalThis.fetch = async function fetch(input, init) {
  const inv = invocations.getStore();
  const request = new Request(input, init);
  if (inv) {
    inv.subrequests++;
    const limit = inv.limits?.subRequests;
    if (typeof limit === 'number' && inv.subrequests > limit) throw exceeded(inv, 'subrequests');
  }
  const headers = new Headers(request.headers);
  headers.set(
    CTX_HEADER,
    JSON.stringify({ mark: MARK, from: WORKER, role: ROLE, inv: inv?.id, outbound: inv?.outbound ?? null }),
  );
  const done = beginWait(inv);
  try {
    return await originalFetch(new Request(request, { headers }));
  } finally {
    done();
  }
};

if (ROLE === 'user') {
  // Untrusted mode: no shared default cache; named caches are private to this Worker.
  const realCaches = globalThis.caches;
  const privateCaches = {
    get default() {
      throw new Error('caches.default is not available to user Workers (untrusted mode): each user Worker has only its own isolated cache via caches.open().');
    },
    open: (name) => realCaches.open(`user-worker:${WORKER}:${name}`),
    delete: (name) => realCaches.delete(`user-worker:${WORKER}:${name}`),
    has: (name) => realCaches.has(`user-worker:${WORKER}:${name}`),
  };
  Object.defineProperty(globalThis, 'caches', { value: privateCaches, writable: false, configurable: false });
}

function readContext(request) {
  const raw = request.headers.get(CTX_HEADER);
  if (!raw) return null;
  try {
    const ctx = JSON.parse(raw);
    return ctx && ctx.mark === MARK ? ctx : null;
  } catch {
    return null;
  }
}

/** A copy of the request without lab headers and, for user Workers, without `cf` (untrusted mode). */
function cleanRequest(request) {
  const headers = new Headers(request.headers);
  headers.delete(CTX_HEADER);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(request.url, {
    method: request.method,
    headers,
    body: hasBody ? request.body : undefined,
    redirect: request.redirect,
  });
}

async function invoke(request, env, call) {
  const ctx = readContext(request);
  const inv = {
    id: ctx?.inv ?? crypto.randomUUID(),
    limits: ctx?.limits ?? null,
    outbound: ctx?.outbound ?? null,
    subrequests: 0,
    logLines: 0,
    waiting: 0,
    waitStart: 0,
    waitedMs: 0,
    violation: null,
  };
  let callEnv = env;
  if (ROLE === 'outbound' && ctx?.params && typeof ctx.params === 'object') callEnv = { ...env, ...ctx.params };
  const clean = ROLE === 'dispatcher' ? request : cleanRequest(request);
  const started = performance.now();
  let status = null;
  let error = null;
  try {
    const response = await invocations.run(inv, () => call(clean, callEnv));
    status = response.status;
    const cpuMs = performance.now() - started - inv.waitedMs;
    if (inv.violation) throw exceeded(inv, inv.violation);
    if (typeof inv.limits?.cpuMs === 'number' && cpuMs > inv.limits.cpuMs) throw exceeded(inv, 'cpu');
    return response;
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    status = null;
    throw e;
  } finally {
    const wallMs = performance.now() - started;
    emit({
      t: 'hop',
      role: ROLE,
      inv: inv.id,
      parent: ctx?.parent ?? null,
      namespace: ctx?.namespace ?? null,
      status,
      error,
      violation: inv.violation,
      wallMs,
      cpuMs: Math.max(0, wallMs - inv.waitedMs),
      subrequests: inv.subrequests,
      limits: inv.limits,
      url: request.url,
    });
  }
}

/** Wraps the module's default export so every fetch invocation goes through `invoke`. */
export function wrapDefault(target) {
  if (typeof target === 'function' && typeof target.prototype?.fetch === 'function') {
    return class extends target {
      fetch(request) {
        return invoke(request, this.env, (r) => super.fetch(r));
      }
    };
  }
  if (typeof target === 'function') return target; // a WorkerEntrypoint without fetch: RPC only
  if (target && typeof target.fetch === 'function') {
    return { ...target, fetch: (request, env, ctx) => invoke(request, env, (r, e) => target.fetch(r, e, ctx)) };
  }
  return target;
}
