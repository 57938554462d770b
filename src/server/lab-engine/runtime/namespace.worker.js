// Runs inside workerd as the module behind a dispatch namespace binding (a Miniflare wrapped binding,
// evaluated in the dispatch Worker's isolate). It reproduces the platform's `get(name, args, options)`:
// synchronous and lazy, with "Worker not found" raised only when the stub is used.
// Inner env: T_<script> service bindings (one per user Worker), CONFIG = { namespace, outbound, mark, ctxHeader }.

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

function readOutbound(config, options) {
  if (!config.outbound) return null;
  const given = options?.outbound && typeof options.outbound === 'object' ? options.outbound : {};
  const params = {};
  for (const name of config.outbound.params) if (name in given) params[name] = given[name];
  return { service: config.outbound.service, params };
}

export default function makeNamespace(env) {
  const config = env.CONFIG;
  return {
    get(name, args, options) {
      const target = typeof name === 'string' ? env[`T_${name}`] : undefined;
      const limits = readLimits(options);
      const outbound = readOutbound(config, options);
      const wait = () => globalThis[Symbol.for('wfp-lab.beginWait')]?.() ?? (() => {});
      const stub = {
        async fetch(input, init) {
          if (!target) throw notFound(name, config.namespace);
          const request = new Request(input, init);
          const headers = new Headers(request.headers);
          headers.set(
            config.ctxHeader,
            JSON.stringify({
              mark: config.mark,
              inv: crypto.randomUUID(),
              namespace: config.namespace,
              limits,
              outbound,
              params: null,
            }),
          );
          const done = wait();
          try {
            return await target.fetch(new Request(request, { headers }));
          } finally {
            done();
          }
        },
      };
      // RPC: any other property is a method call forwarded to the user Worker's default entrypoint.
      return new Proxy(stub, {
        get(obj, prop) {
          if (prop in obj) return obj[prop];
          if (prop === 'then' || typeof prop === 'symbol') return undefined;
          return async (...callArgs) => {
            if (!target) throw notFound(name, config.namespace);
            const done = wait();
            try {
              return await target[prop](...callArgs);
            } finally {
              done();
            }
          };
        },
      });
    },
  };
}
