// Runs inside workerd as the first module of every lab Worker loaded by the host (the engine fills the
// __LAB_* placeholders). It holds no secret: it turns the host's RPC stubs (env.__lab) into the APIs
// user code expects (KV, D1, dispatch namespaces, service bindings), sends console output to the host's
// Telemetry stub (which attributes it by its own props), and applies untrusted mode to user Workers.
import { WorkerEntrypoint } from 'cloudflare:workers';

const WORKER = __LAB_WORKER__;
const ROLE = __LAB_ROLE__; // 'dispatcher' | 'user' | 'outbound'
const LOG_LINES = __LAB_LOG_LINES__;

// ---- console → host telemetry -------------------------------------------------------------------
let telemetry = null;
let buffer = [];
let sentThisInvocation = 0;
let flushScheduled = false;
const inflight = new Set();

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

function flush() {
  flushScheduled = false;
  if (!telemetry || buffer.length === 0) return;
  const lines = buffer;
  buffer = [];
  for (const [level, msg] of lines) {
    const p = Promise.resolve(telemetry.log(level, msg)).catch(() => {});
    inflight.add(p);
    p.finally(() => inflight.delete(p));
  }
}

function log(level, args) {
  // The host caps lines too (and says so); this only spares sending what it would drop.
  if (++sentThisInvocation > LOG_LINES + 1) return;
  buffer.push([level, args.map((a) => describe(a)).join(' ')]);
  if (telemetry && !flushScheduled) {
    flushScheduled = true;
    queueMicrotask(flush);
  }
}
for (const level of ['log', 'info', 'warn', 'error', 'debug']) console[level] = (...args) => log(level, args);

// ---- Cache API (through the host; untrusted mode for user Workers) -------------------------------
let cacheStub = null;
function cacheFacade(name) {
  const req = (r) => (r instanceof Request ? r : new Request(r));
  return {
    match: async (r, options) => (await cacheStub.cacheMatch(name, req(r), options ?? null)) ?? undefined,
    put: (r, response) => cacheStub.cachePut(name, req(r), response),
    delete: (r, options) => cacheStub.cacheDelete(name, req(r), options ?? null),
  };
}
const labCaches = {
  get default() {
    if (ROLE === 'user')
      throw new Error('caches.default is not available to user Workers (untrusted mode): each user Worker has only its own isolated cache via caches.open().');
    return cacheFacade(null);
  },
  open: async (name) => cacheFacade(String(name)),
  has: async () => true,
  delete: async () => false,
};
Object.defineProperty(globalThis, 'caches', { value: labCaches, writable: false, configurable: false });

// ---- binding facades ------------------------------------------------------------------------------
function kvFacade(stub) {
  const typeOf = (opt) => (typeof opt === 'string' ? opt : (opt?.type ?? 'text'));
  const asStream = (v) => (v === null ? null : new Response(v).body);
  return {
    async get(key, opt) {
      const type = typeOf(opt);
      if (Array.isArray(key)) return new Map(Object.entries(await stub.kvGet(key, type)));
      const value = await stub.kvGet(key, type);
      return type === 'stream' ? asStream(value) : value;
    },
    async getWithMetadata(key, opt) {
      const type = typeOf(opt);
      const r = await stub.kvGetWithMetadata(key, type);
      return { value: type === 'stream' ? asStream(r.value) : r.value, metadata: r.metadata, cacheStatus: null };
    },
    async put(key, value, options) {
      let v = value;
      if (v instanceof ReadableStream) v = await new Response(v).arrayBuffer();
      else if (ArrayBuffer.isView(v)) v = v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
      return stub.kvPut(key, v, options);
    },
    delete: (key) => stub.kvDelete(key),
    async list(options) {
      return { ...(await stub.kvList(options)), cacheStatus: null };
    },
  };
}

function d1Facade(stub) {
  const statement = (sql, params) => ({
    sql,
    params,
    bind: (...values) => statement(sql, values),
    first: (column) => stub.query('first', sql, params, column === undefined ? null : { column }),
    all: () => stub.query('all', sql, params, null),
    run: () => stub.query('run', sql, params, null),
    raw: (options) => stub.query('raw', sql, params, options ? { columnNames: !!options.columnNames } : null),
  });
  const db = {
    prepare: (sql) => statement(sql, []),
    // Statements travel as plain data: RPC cannot carry the pending calls themselves.
    batch: (statements) => stub.batch(statements.map((s) => ({ sql: s.sql, params: s.params }))),
    exec: (sql) => stub.exec(sql),
    dump: () => stub.dump(),
    withSession: () => ({ prepare: db.prepare, batch: db.batch, getBookmark: () => null }),
  };
  return db;
}

function rpcProxy(base, call) {
  return new Proxy(base, {
    get(obj, prop) {
      if (prop in obj) return obj[prop];
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      return (...args) => call(prop, args);
    },
  });
}

function namespaceFacade(stub) {
  return {
    // Synchronous and lazy, like the platform: an unknown name fails only when the stub is used.
    get(name, _args, options) {
      const opts = options ? { limits: options.limits, outbound: options.outbound } : {};
      return rpcProxy({ fetch: (input, init) => stub.dispatch(name, new Request(input, init), opts) }, (method, args) => stub.call(name, method, args));
    },
  };
}

function serviceFacade(stub) {
  return rpcProxy({ fetch: (input, init) => stub.fetch(new Request(input, init)) }, (method, args) => stub.call(method, args));
}

const envs = new WeakMap();
function userEnv(env) {
  if (!env || typeof env !== 'object' || !env.__lab) return env;
  let out = envs.get(env);
  if (out) return out;
  const { __lab: lab, ...plain } = env;
  telemetry = lab.telemetry;
  cacheStub = lab.cache;
  out = { ...plain };
  for (const [name, s] of Object.entries(lab.kv)) out[name] = kvFacade(s);
  for (const [name, s] of Object.entries(lab.d1)) out[name] = d1Facade(s);
  for (const [name, s] of Object.entries(lab.ns)) out[name] = namespaceFacade(s);
  for (const [name, s] of Object.entries(lab.svc)) out[name] = serviceFacade(s);
  for (const [name, s] of Object.entries(lab.rl ?? {})) out[name] = { limit: (options) => s.rateLimit(options) };
  envs.set(env, out);
  return out;
}

// ---- ctx.waitUntil → host, so trace items wait for work that ends after the response -----------------
const ctxs = new WeakMap();
function trackedCtx(ctx) {
  if (!ctx || typeof ctx !== 'object' || typeof ctx.waitUntil !== 'function') return ctx;
  let out = ctxs.get(ctx);
  if (out) return out;
  const waitUntil = (promise) => {
    if (telemetry) inflight.add(Promise.resolve(telemetry.workBegin()).catch(() => {}));
    const settled = Promise.resolve(promise).then(
      () => telemetry?.workEnd(null),
      (error) => telemetry?.workEnd(error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
    );
    ctx.waitUntil(settled.catch(() => {}));
  };
  out = new Proxy(ctx, {
    get(target, key) {
      if (key === 'waitUntil') return waitUntil;
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  ctxs.set(ctx, out);
  return out;
}

async function around(call) {
  sentThisInvocation = 0;
  flush(); // lines written at module scope, before the stub was known
  try {
    return await call();
  } catch (error) {
    // The stack stays in this isolate; the host keeps it for the location of the uncaught exception.
    if (telemetry && error instanceof Error && error.stack) inflight.add(Promise.resolve(telemetry.uncaught(error.stack)).catch(() => {}));
    throw error;
  } finally {
    flush();
    await Promise.allSettled([...inflight]);
  }
}

/** Turns the module's default export into an entrypoint that sees the facades and reports to the host. */
export function wrapDefault(target) {
  if (typeof target === 'function') {
    const hasFetch = typeof target.prototype?.fetch === 'function';
    const wrapped = class extends target {
      constructor(ctx, env) {
        const e = userEnv(env);
        super(trackedCtx(ctx), e);
      }
      wfpLabTail(events) {
        return around(() => super.tail?.(events));
      }
    };
    // RPC methods report their console output and uncaught errors like fetch() does.
    for (const name of Object.getOwnPropertyNames(target.prototype)) {
      const method = target.prototype[name];
      if (name === 'constructor' || name === 'fetch' || name === 'tail' || typeof method !== 'function') continue;
      Object.defineProperty(wrapped.prototype, name, {
        value(...args) {
          return around(() => method.apply(this, args));
        },
      });
    }
    if (hasFetch)
      Object.defineProperty(wrapped.prototype, 'fetch', {
        value(request) {
          return around(() => target.prototype.fetch.call(this, request));
        },
      });
    return wrapped;
  }
  if (target && typeof target === 'object') {
    return class extends WorkerEntrypoint {
      fetch(request) {
        if (typeof target.fetch !== 'function') throw new Error(`Handler does not export a fetch() function.`);
        const env = userEnv(this.env);
        return around(() => target.fetch(request, env, trackedCtx(this.ctx)));
      }
      wfpLabTail(events) {
        return around(() => target.tail?.(events, userEnv(this.env), this.ctx));
      }
    };
  }
  return target;
}
