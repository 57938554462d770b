// Runs inside workerd as the engine's private Worker: it holds bindings to every KV namespace and D1
// database of the sandbox (so the engine can seed and inspect them) and writes the end-of-run marker.
// The engine reaches KV and D1 only through plain async fetches to this Worker (never Miniflare's
// synchronous proxies, which would freeze Node while workerd is busy), each with a deadline.

async function kv(ns, { op, key, value, options }) {
  switch (op) {
    case 'get':
      return ns.get(key);
    case 'put':
      return ns.put(key, value, options ?? undefined);
    case 'delete':
      return ns.delete(key);
    case 'list':
      return ns.list(options ?? undefined);
    default:
      throw new Error(`unknown KV operation ${op}`);
  }
}

async function d1(db, { op, sql, params, statements }) {
  const bound = (s) => db.prepare(s.sql).bind(...(s.params ?? []));
  switch (op) {
    case 'all':
      return bound({ sql, params }).all();
    case 'run':
      return bound({ sql, params }).run();
    case 'first':
      return bound({ sql, params }).first();
    case 'batch':
      return db.batch(statements.map(bound));
    case 'exec':
      return db.exec(sql);
    default:
      throw new Error(`unknown D1 operation ${op}`);
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/flush') {
      console.log(env.CONFIG.mark + JSON.stringify({ w: 'lab', t: 'flush', run: url.searchParams.get('run') }));
      return new Response('ok');
    }
    if (url.pathname === '/kv' || url.pathname === '/d1') {
      const call = await request.json();
      const binding = env[call.binding];
      if (!binding) return Response.json({ ok: false, error: `no binding ${call.binding}` }, { status: 404 });
      try {
        const result = url.pathname === '/kv' ? await kv(binding, call) : await d1(binding, call);
        return Response.json({ ok: true, result: result ?? null });
      } catch (error) {
        return Response.json({ ok: false, error: String(error?.message ?? error) });
      }
    }
    return new Response('not found', { status: 404 });
  },
};
