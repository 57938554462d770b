// Runs inside workerd: the host's RPC entrypoints, handed to lab Workers as stubs in their env (or as
// their globalOutbound). `this.ctx.props` is set by the host when it loads a Worker, so a lab Worker
// can act only as itself: it cannot pick another Worker's name, KV slot or namespace.
import { admit, byteSize, d1WriteBytes } from './host-quota.js';
import { WorkerEntrypoint } from 'cloudflare:workers';
import { beginWait, host, invoke, loaded, openInvocation, record } from './host-state.js';

const LOG_LINE_CHARS = 4096;

/** console.* of a lab Worker, attributed by props (never by anything the Worker sends). */
export class Telemetry extends WorkerEntrypoint {
  log(level, message) {
    const { key, name } = this.ctx.props;
    const run = host.run;
    if (!run) return;
    const count = (run.lines.get(key) ?? 0) + 1;
    run.lines.set(key, count);
    const cap = host.account?.logLines ?? 1000;
    if (count > cap) {
      if (count === cap + 1) record({ t: 'log-cut', w: name });
      return;
    }
    let msg = String(message);
    if (msg.length > LOG_LINE_CHARS) msg = `${msg.slice(0, LOG_LINE_CHARS)}… [line cut at ${LOG_LINE_CHARS} characters]`;
    const lvl = ['log', 'info', 'warn', 'error', 'debug'].includes(level) ? level : 'log';
    record({ t: 'log', w: name, level: lvl, msg });
    (openInvocation(key) ?? run.lingering.get(key))?.logs.push({ level: lvl, message: [msg], timestamp: Date.now() });
  }

  /** ctx.waitUntil(): the run (and its trace items) waits for this work, as the platform's tail does. */
  workBegin() {
    const run = host.run;
    const inv = openInvocation(this.ctx.props.key);
    if (!run || !inv) return;
    run.pending++;
    run.lingering.set(this.ctx.props.key, inv);
  }

  workEnd(error) {
    const run = host.run;
    const inv = run?.lingering.get(this.ctx.props.key);
    if (!run || !inv) return;
    if (typeof error === 'string') inv.exceptions.push({ name: /^(\w+):/.exec(error)?.[1] ?? 'Error', message: error.replace(/^\w+: /, '').slice(0, 1024), timestamp: Date.now() });
    if (--run.pending === 0) run.settled?.();
  }

  /** Where an uncaught exception was thrown, reported by the Worker's prelude about itself. */
  uncaught(stack) {
    const inv = openInvocation(this.ctx.props.key);
    if (inv && typeof stack === 'string') inv.stack = stack.slice(0, 4096);
  }
}

function notFound(name, namespace) {
  return new Error(`Worker not found: no script named "${name}" in dispatch namespace "${namespace}".`);
}

function readLimits(options) {
  const limits = options?.limits;
  if (!limits || typeof limits !== 'object') return null;
  const out = {};
  if (typeof limits.cpuMs === 'number') out.cpuMs = limits.cpuMs;
  if (typeof limits.subRequests === 'number') out.subRequests = limits.subRequests;
  return Object.keys(out).length > 0 ? out : null;
}

/** A dispatch namespace binding: the facade's get(name, args, options) calls land here. */
export class Namespace extends WorkerEntrypoint {
  #target(name) {
    const { namespace } = this.ctx.props;
    const key = typeof name === 'string' ? host.account?.namespaces[namespace]?.[name] : undefined;
    if (!key) throw notFound(name, namespace);
    return host.account.workers[key];
  }

  #outbound(options) {
    const declared = this.ctx.props.outbound;
    if (!declared) return null;
    const given = options?.outbound && typeof options.outbound === 'object' ? options.outbound : {};
    const params = {};
    for (const p of declared.params ?? []) if (p.name in given) params[p.name] = given[p.name];
    return { service: declared.worker.service, params };
  }

  // Not `fetch`: on a stub that name is the HTTP fetch, not an RPC method.
  async dispatch(name, request, options) {
    const spec = this.#target(name);
    const { from, namespace } = this.ctx.props;
    const limits = readLimits(options);
    const done = beginWait(openInvocation(from));
    try {
      // Untrusted mode: a fresh request carries no `cf`.
      const headers = new Headers(request.headers);
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const clean = new Request(request.url, { method: request.method, headers, body: hasBody ? request.body : undefined, redirect: request.redirect });
      const parent = openInvocation(from);
      const worker = await loaded(this.env, this.ctx, spec);
      return await invoke(spec, { role: 'user', namespace, limits, outbound: this.#outbound(options), url: request.url, method: request.method, parent: parent?.id ?? null }, () =>
        worker.getEntrypoint().fetch(clean),
      );
    } finally {
      done();
    }
  }

  // An RPC call through the namespace is an invocation of the user Worker too: it gets its own hop
  // (duration, CPU, errors) and trace item, as on the platform.
  async call(name, method, args) {
    const spec = this.#target(name);
    const { from, namespace } = this.ctx.props;
    const parent = openInvocation(from);
    const done = beginWait(parent);
    try {
      const worker = await loaded(this.env, this.ctx, spec);
      const url = `rpc:${name}.${String(method)}`;
      return await invoke(spec, { role: 'user', namespace, rpcMethod: String(method), url, method: 'RPC', parent: parent?.id ?? null }, () => worker.getEntrypoint()[method](...args));
    } finally {
      done();
    }
  }
}

/** A service binding between account Workers (to the default export, or to the named `entrypoint`). */
export class Service extends WorkerEntrypoint {
  #spec() {
    const key = host.account?.accounts[this.ctx.props.target];
    if (!key) throw new Error(`Service binding: no Worker named "${this.ctx.props.target}" in this account.`);
    return host.account.workers[key];
  }
  async fetch(request) {
    const spec = this.#spec();
    const done = beginWait(openInvocation(this.ctx.props.from));
    try {
      const worker = await loaded(this.env, this.ctx, spec);
      return await invoke(spec, { url: request.url, method: request.method, parent: openInvocation(this.ctx.props.from)?.id ?? null }, () =>
        worker.getEntrypoint(this.ctx.props.entrypoint ?? undefined).fetch(request),
      );
    } finally {
      done();
    }
  }
  async call(method, args) {
    const spec = this.#spec();
    const done = beginWait(openInvocation(this.ctx.props.from));
    try {
      return await (await loaded(this.env, this.ctx, spec)).getEntrypoint(this.ctx.props.entrypoint ?? undefined)[method](...args);
    } finally {
      done();
    }
  }
}

function matchStub(stubs, url, method) {
  const stub = stubs.find((s) => s.origin === url.origin);
  if (!stub) return null;
  const route = stub.routes.find(
    (r) => (!r.method || r.method === method) && (r.path === url.pathname || (r.path.endsWith('*') && url.pathname.startsWith(r.path.slice(0, -1)))),
  );
  return { stub, route };
}

/**
 * Every lab Worker's global fetch(). Counts and times subrequests for the calling invocation, sends a
 * user Worker's traffic through its namespace's outbound Worker, then answers from a lab stub origin or
 * the sandbox's Cloudflare API, or blocks it: nothing reaches the network, loopback or the lab server.
 */
export class Egress extends WorkerEntrypoint {
  async fetch(request) {
    const { key, name, role } = this.ctx.props;
    const inv = openInvocation(key);
    if (inv) {
      inv.subrequests++;
      // Counted here, exactly; the error surfaces inside the calling Worker's fetch(), which may catch it.
      if (typeof inv.limits?.subRequests === 'number' && inv.subrequests > inv.limits.subRequests) {
        inv.violation = 'subrequests';
        throw new Error('Too many subrequests by single Worker invocation.');
      }
    }
    const done = beginWait(inv);
    const started = performance.now();
    // The origin record #route writes gets its duration here, once the answer is back (the trace's waterfall).
    const from = { key, name, role, inv, originRecord: null };
    try {
      return await this.#route(request, from);
    } finally {
      done();
      if (from.originRecord) from.originRecord.ms = performance.now() - started;
    }
  }

  async #route(request, from) {
    const url = new URL(request.url);
    const origin = (kind, status) => {
      const rec = { t: 'origin', w: 'lab', from: from.name, kind, url: request.url, method: request.method, ...(status !== undefined ? { status } : {}), inv: from.inv?.id ?? null, startMs: performance.now() };
      from.originRecord = rec;
      record(rec);
    };

    if (from.role === 'user' && from.inv?.outbound) {
      const { service, params } = from.inv.outbound;
      const outKey = host.account?.accounts[service];
      if (outKey) {
        const spec = host.account.workers[outKey];
        record({ t: 'egress', w: 'lab', from: from.name, via: service, url: request.url, method: request.method, inv: from.inv.id });
        const worker = await loaded(this.env, this.ctx, spec, params);
        return invoke(spec, { role: 'outbound', parent: from.inv.id, url: request.url, method: request.method }, () => worker.getEntrypoint().fetch(request));
      }
    }
    if (url.hostname === 'api.cloudflare.com') {
      origin('cloudflare-api');
      return this.env.CF_API.fetch(request);
    }
    const hit = matchStub(host.account?.stubs ?? [], url, request.method);
    if (hit?.route) {
      // A stub origin that needs credentials refuses without them and never repeats them back.
      const required = Object.entries(hit.route.requireHeaders ?? {});
      if (required.some(([name, value]) => request.headers.get(name) !== value)) {
        origin('stub', 401);
        return Response.json({ error: 'missing or wrong credentials' }, { status: 401 });
      }
      origin('stub', hit.route.status);
      if (hit.route.echo) {
        const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.text();
        return Response.json({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body }, { status: hit.route.status });
      }
      return new Response(hit.route.body ?? '', { status: hit.route.status, headers: hit.route.headers ?? {} });
    }
    if (hit) {
      origin('stub', 404);
      return new Response(`Lab stub origin ${url.origin} has no response for ${request.method} ${url.pathname}.`, { status: 404 });
    }
    origin('blocked', 502);
    return new Response(
      `Blocked by the lab sandbox: ${request.method} ${request.url} cannot be reached. Labs run offline; only the lab's stub origins and api.cloudflare.com (your sandbox's API) answer.`,
      { status: 502, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-lab-blocked': 'true' } },
    );
  }
}

/**
 * A KV namespace, scoped to its slot by props. Values cross RPC as text or ArrayBuffer. Method names
 * avoid get/put/delete: on Workers dated before 2024 a stub's get/put/delete are HTTP shorthands.
 */
export class KvProxy extends WorkerEntrypoint {
  get #kv() {
    return this.env[`KV_${this.ctx.props.slot}`];
  }
  async kvGet(key, type) {
    if (Array.isArray(key)) return Object.fromEntries(await this.#kv.get(key, type === 'json' ? 'json' : 'text'));
    return this.#kv.get(key, type === 'stream' ? 'arrayBuffer' : type);
  }
  async kvGetWithMetadata(key, type) {
    const r = await this.#kv.getWithMetadata(key, type === 'stream' ? 'arrayBuffer' : type);
    return { value: r.value, metadata: r.metadata ?? null };
  }
  async kvPut(key, value, options) {
    await admit(this.env, 'kv', byteSize(key) + byteSize(value) + byteSize(options?.metadata ?? null));
    return this.#kv.put(key, value, options);
  }
  kvDelete(key) {
    return this.#kv.delete(key);
  }
  kvList(options) {
    return this.#kv.list(options);
  }
}

/** A D1 database, scoped to its slot by props. Statements arrive as plain data: { sql, params }. */
export class D1Proxy extends WorkerEntrypoint {
  get #db() {
    return this.env[`D1_${this.ctx.props.slot}`];
  }
  async query(op, sql, params, options) {
    await admit(this.env, 'd1', d1WriteBytes(sql, params));
    const stmt = this.#db.prepare(sql).bind(...params);
    if (op === 'first') return stmt.first(options?.column);
    if (op === 'raw') return stmt.raw(options ?? undefined);
    if (op === 'run') return stmt.run();
    return stmt.all();
  }
  async batch(statements) {
    await admit(this.env, 'd1', statements.reduce((n, s) => n + d1WriteBytes(s.sql, s.params), 0));
    return this.#db.batch(statements.map((s) => this.#db.prepare(s.sql).bind(...s.params)));
  }
  async exec(sql) {
    await admit(this.env, 'd1', d1WriteBytes(sql, []));
    return this.#db.exec(sql);
  }
  async dump() {
    try {
      return await this.#db.dump();
    } catch {
      // Local D1 has no export endpoint (D1_DUMP_ERROR 404): say so instead.
      throw new Error('D1 dump() is not available in the lab: read the tables with SELECT statements instead.');
    }
  }
}

/**
 * The Cache API for loaded Workers (they have no cache of their own). The host names every cache after
 * the calling Worker (props), so a user Worker's caches are private; account Workers share `default`.
 */
export class CacheProxy extends WorkerEntrypoint {
  #open(name) {
    const { key, role } = this.ctx.props;
    if (name === null && role === 'user') throw new Error('caches.default is not available to user Workers (untrusted mode).');
    return caches.open(name === null ? 'account:default' : `${key}:${name}`);
  }
  async cacheMatch(name, request, options) {
    return (await (await this.#open(name)).match(request, options ?? undefined)) ?? null;
  }
  async cachePut(name, request, response) {
    const cache = await this.#open(name);
    // Read the body first: its size is what the quota needs, and Cache API bodies are bounded by the run anyway.
    const body = await response.arrayBuffer();
    await admit(this.env, 'cache', body.byteLength + byteSize(request.url));
    return cache.put(request, new Response(body, response));
  }
  async cacheDelete(name, request, options) {
    return (await this.#open(name)).delete(request, options ?? undefined);
  }
}
