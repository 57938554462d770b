// Runs inside workerd, in the sandbox's generic host Worker. Holds the account spec the engine pushed
// (every lab Worker's modules and bindings), the current run's records and the open invocations, and
// loads lab Workers through the Worker Loader. Only host code writes records: lab code cannot forge them.

export const host = {
  /** { version, workers: { key: spec }, namespaces: { ns: { name: key } }, accounts: { name: key }, stubs, logLines } */
  account: null,
  /** The run in flight: { id, records: [], pending: number, settled: () => void } (runs never overlap in a sandbox). */
  run: null,
  /** key -> stack of open invocations of that Worker (the newest receives its egress accounting). */
  open: new Map(),
};

export function record(rec) {
  const at = Date.now();
  if (host.run) host.run.records.push({ at, record: rec });
}

export const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer;

export function loaderModule(m) {
  switch (m.kind) {
    case 'data':
      return { data: b64(m.content) };
    case 'wasm':
      return { wasm: b64(m.content) };
    case 'cjs':
      return { cjs: m.content };
    case 'text':
      return { text: m.content };
    case 'json':
      return { json: JSON.parse(m.content) };
    default:
      return { js: m.content };
  }
}

/** The env a lab Worker gets: plain values, plus RPC stubs whose props (set here) fix who is calling. */
function buildEnv(spec, ctx, extra) {
  const lab = { worker: spec.name, role: spec.role, kv: {}, d1: {}, ns: {}, svc: {}, rl: {}, telemetry: ctx.exports.Telemetry({ props: { key: spec.key, name: spec.name } }), cache: ctx.exports.CacheProxy({ props: { key: spec.key, role: spec.role } }) };
  const env = {};
  for (const b of spec.bindings) {
    if (b.type === 'plain_text' || b.type === 'secret_text') env[b.name] = b.text;
    else if (b.type === 'json') env[b.name] = b.json;
    else if (b.type === 'kv_namespace') lab.kv[b.name] = ctx.exports.KvProxy({ props: { slot: b.slot } });
    else if (b.type === 'd1') lab.d1[b.name] = ctx.exports.D1Proxy({ props: { slot: b.slot } });
    else if (b.type === 'service') lab.svc[b.name] = ctx.exports.Service({ props: { from: spec.key, target: b.service, entrypoint: b.entrypoint ?? null } });
    else if (b.type === 'ratelimit')
      lab.rl[b.name] = ctx.exports.RateLimitProxy({ props: { namespaceId: b.namespace_id, limit: b.simple.limit, period: b.simple.period } });
    else if (b.type === 'dispatch_namespace')
      lab.ns[b.name] = ctx.exports.Namespace({ props: { from: spec.key, namespace: b.namespace, outbound: b.outbound ?? null } });
  }
  return { ...env, ...extra, __lab: lab };
}

/** Loads (or reuses) a lab Worker; `extra` (outbound params) becomes part of its env and its id. */
export function load(env, ctx, spec, extra = {}) {
  const extraKey = Object.keys(extra).length > 0 ? `:${JSON.stringify(extra)}` : '';
  return env.LOADER.get(`${spec.id}${extraKey}`, () => ({
    compatibilityDate: spec.compatibilityDate,
    compatibilityFlags: spec.compatibilityFlags,
    mainModule: '__lab_entry.js',
    modules: Object.fromEntries(Object.entries(spec.modules).map(([name, m]) => [name, loaderModule(m)])),
    env: buildEnv(spec, ctx, extra),
    globalOutbound: ctx.exports.Egress({ props: { key: spec.key, name: spec.name, role: spec.role } }),
  }));
}

const warm = new Set();
/**
 * Loads a lab Worker and makes sure its isolate has started, so starting it (compiling its modules,
 * module scope) is not counted as the first invocation's CPU time. Startup errors are thrown here.
 */
export async function loaded(env, ctx, spec, extra = {}) {
  const stub = load(env, ctx, spec, extra);
  const id = `${spec.id}:${JSON.stringify(extra)}`;
  if (warm.has(id)) return stub;
  try {
    await stub.getEntrypoint().__wfp_lab_probe__();
  } catch (error) {
    if (!String(error?.message).includes('does not implement the method')) throw error;
  }
  warm.add(id);
  return stub;
}

export const newInvocation = (spec, fields) => ({
  id: crypto.randomUUID(),
  startedAt: Date.now(),
  key: spec.key,
  subrequests: 0,
  waiting: 0,
  waitStart: 0,
  waitedMs: 0,
  violation: null,
  logs: [],
  exceptions: [],
  ...fields,
});

/** The newest open invocation of a Worker, to charge its egress and waiting time to. */
export const openInvocation = (key) => host.open.get(key)?.at(-1) ?? null;

/** Time an invocation spends awaiting others does not count as its CPU time. */
export function beginWait(inv) {
  if (!inv) return () => {};
  if (inv.waiting++ === 0) inv.waitStart = performance.now();
  return () => {
    if (--inv.waiting === 0) inv.waitedMs += performance.now() - inv.waitStart;
  };
}

const errorText = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * Runs one invocation of a lab Worker and records its hop: host-measured wall time, status, error,
 * subrequests counted by the Egress entrypoint, and CPU estimated as wall time minus waiting.
 */
export async function invoke(spec, fields, call) {
  const inv = newInvocation(spec, fields);
  const openStack = host.open.get(spec.key) ?? [];
  openStack.push(inv);
  host.open.set(spec.key, openStack);
  if (host.run) host.run.pending++;
  const started = performance.now();
  let status = null;
  let error = null;
  let errorStack = null;
  try {
    const result = await call(inv);
    if (result instanceof Response) status = result.status;
    const cpuMs = performance.now() - started - inv.waitedMs;
    if (inv.violation === 'subrequests') throw new Error('Too many subrequests by single Worker invocation.');
    if (typeof inv.limits?.cpuMs === 'number' && cpuMs > inv.limits.cpuMs) {
      inv.violation = 'cpu';
      throw new Error('Worker exceeded CPU time limit.');
    }
    return result;
  } catch (e) {
    error = errorText(e);
    status = null;
    // The stack does not cross the entrypoint boundary; the Worker's prelude reported its own (for itself only).
    errorStack = inv.stack ?? null;
    inv.exceptions.push({ name: e?.name ?? 'Error', message: String(e?.message ?? e), timestamp: Date.now() });
    throw e;
  } finally {
    openStack.splice(openStack.indexOf(inv), 1);
    const wallMs = performance.now() - started;
    record({
      t: 'hop',
      w: spec.name,
      role: spec.role === 'user' ? 'user' : fields.role ?? spec.role,
      inv: inv.id,
      parent: inv.parent ?? null,
      namespace: inv.namespace ?? null,
      status,
      error,
      stack: errorStack,
      violation: inv.violation,
      wallMs,
      // On the isolate's monotonic clock, like origin records' startMs: the trace's time axis.
      startMs: started,
      cpuMs: Math.max(0, wallMs - inv.waitedMs),
      subrequests: inv.subrequests,
      limits: inv.limits ?? null,
      url: inv.url ?? '',
      ...(inv.rpcMethod ? { rpc: inv.rpcMethod } : {}),
    });
    if (host.run) {
      host.run.invocations.push({ spec, inv, status, error });
      if (--host.run.pending === 0) host.run.settled?.();
    }
  }
}
