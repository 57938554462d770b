// Runs inside workerd (host Worker): the engine's own KV and D1 access (seeding, checks, the Cloudflare
// API). The engine reaches it only through async fetches with a deadline, never Miniflare's synchronous
// proxies, which would freeze Node while workerd is busy.

import { admit, byteSize, d1WriteBytes } from './host-quota.js';

async function kv(env, ns, { op, key, value, options }) {
  if (op === 'put') await admit(env, 'kv', byteSize(key) + byteSize(value));
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

async function d1(env, db, { op, sql, params, statements }) {
  const grows = op === 'batch' ? statements.reduce((n, s) => n + d1WriteBytes(s.sql, s.params), 0) : d1WriteBytes(sql, params);
  await admit(env, 'd1', grows);
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
    const result = isKv ? await kv(env, binding, call) : await d1(env, binding, call);
    return Response.json({ ok: true, result: result ?? null });
  } catch (error) {
    return Response.json({ ok: false, error: String(error?.message ?? error) });
  }
}
