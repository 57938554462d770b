// Runs inside workerd as every lab Worker's outbound service: all global fetch() calls land here.
// User Workers' requests go through their binding's outbound Worker (with its parameters) first;
// then the request is answered by a lab stub origin, by the sandbox's Cloudflare API, or blocked.
// Nothing leaves workerd for the network: the lab server, loopback and the Internet are unreachable.
// Env: OUT_<service> (outbound Workers), CF_API (the sandbox's API, served by the engine),
// CONFIG = { mark, ctxHeader, stubs: [{ origin, routes: [{ method?, path, status, headers, body, echo?, requireHeaders? }] }] }.

function emit(config, record) {
  console.log(config.mark + JSON.stringify({ w: 'lab', ...record }));
}

function matchStub(stubs, url, method) {
  const stub = stubs.find((s) => s.origin === url.origin);
  if (!stub) return null;
  const route = stub.routes.find(
    (r) => (!r.method || r.method === method) && (r.path === url.pathname || (r.path.endsWith('*') && url.pathname.startsWith(r.path.slice(0, -1)))),
  );
  return { stub, route };
}

export default {
  async fetch(request, env) {
    const config = env.CONFIG;
    let ctx = null;
    try {
      ctx = JSON.parse(request.headers.get(config.ctxHeader) ?? 'null');
    } catch {}
    if (!ctx || ctx.mark !== config.mark) ctx = { from: 'unknown', role: 'user', inv: null, outbound: null };
    const headers = new Headers(request.headers);
    headers.delete(config.ctxHeader);
    const url = new URL(request.url);

    if (ctx.role === 'user' && ctx.outbound) {
      const outbound = env[`OUT_${ctx.outbound.service}`];
      if (outbound) {
        emit(config, { t: 'egress', from: ctx.from, via: ctx.outbound.service, url: request.url, method: request.method, inv: ctx.inv });
        headers.set(config.ctxHeader, JSON.stringify({ mark: config.mark, inv: crypto.randomUUID(), parent: ctx.inv, params: ctx.outbound.params, from: ctx.from }));
        return outbound.fetch(new Request(request, { headers }));
      }
    }

    const clean = new Request(request, { headers });
    if (url.hostname === 'api.cloudflare.com') {
      emit(config, { t: 'origin', from: ctx.from, kind: 'cloudflare-api', url: request.url, method: request.method, inv: ctx.inv });
      return env.CF_API.fetch(clean);
    }
    const hit = matchStub(config.stubs, url, request.method);
    if (hit?.route) {
      const required = Object.entries(hit.route.requireHeaders ?? {});
      if (required.some(([name, value]) => clean.headers.get(name) !== value)) {
        emit(config, { t: 'origin', from: ctx.from, kind: 'stub', url: request.url, method: request.method, status: 401, inv: ctx.inv });
        return Response.json({ error: 'missing or wrong credentials' }, { status: 401 });
      }
      emit(config, { t: 'origin', from: ctx.from, kind: 'stub', url: request.url, method: request.method, status: hit.route.status, inv: ctx.inv });
      if (hit.route.echo) {
        const body = request.method === 'GET' || request.method === 'HEAD' ? null : await clean.text();
        return Response.json({ method: request.method, url: request.url, headers: Object.fromEntries(clean.headers), body }, { status: hit.route.status });
      }
      return new Response(hit.route.body ?? '', { status: hit.route.status, headers: hit.route.headers ?? {} });
    }
    if (hit) {
      emit(config, { t: 'origin', from: ctx.from, kind: 'stub', url: request.url, method: request.method, status: 404, inv: ctx.inv });
      return new Response(`Lab stub origin ${url.origin} has no response for ${request.method} ${url.pathname}.`, { status: 404 });
    }
    emit(config, { t: 'origin', from: ctx.from, kind: 'blocked', url: request.url, method: request.method, status: 502, inv: ctx.inv });
    return new Response(
      `Blocked by the lab sandbox: ${request.method} ${request.url} cannot be reached. Labs run offline; only the lab's stub origins and api.cloudflare.com (your sandbox's API) answer.`,
      { status: 502, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-lab-blocked': 'true' } },
    );
  },
};
