// Runs inside workerd (host Worker): the engine's own KV and D1 access (seeding, checks, the Cloudflare
// API). The engine reaches it only through async fetches with a deadline, never Miniflare's synchronous
// proxies, which would freeze Node while workerd is busy.

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

export async function storage(request, env) {
  const isKv = request.headers.get('x-wfp-lab-op') === 'kv';
  const call = await request.json();
  const binding = env[call.binding];
  if (!binding) return Response.json({ ok: false, error: `no binding ${call.binding}` }, { status: 404 });
  try {
    const result = isKv ? await kv(binding, call) : await d1(binding, call);
    return Response.json({ ok: true, result: result ?? null });
  } catch (error) {
    return Response.json({ ok: false, error: String(error?.message ?? error) });
  }
}
