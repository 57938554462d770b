// Runs inside workerd (host Worker): every write to the sandbox's storage asks the engine's quota first
// (src/server/lab-engine/quota), through the QUOTA service binding only the host holds. Reads and deletes
// never ask, so a full sandbox can always read and clean up.

const encoder = new TextEncoder();

/** Bytes a value will take: strings as UTF-8, buffers and views by length. */
export function byteSize(value) {
  if (value == null) return 0;
  if (typeof value === 'string') return encoder.encode(value).byteLength;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
  return encoder.encode(JSON.stringify(value) ?? '').byteLength;
}

// Statements that can add data. Anything else (SELECT, DELETE, DROP) is a read or frees space.
const GROWS = /\b(INSERT|UPDATE|REPLACE|UPSERT|CREATE|ALTER)\b/i;

/** The least a D1 statement adds (its text and bound values); 0 for reads and deletes. */
export function d1WriteBytes(sql, params) {
  if (!GROWS.test(String(sql))) return 0;
  return Math.max(1, byteSize(String(sql)) + (params ?? []).reduce((n, p) => n + byteSize(p), 0));
}

/** Throws the quota's message (as the platform's storage errors do) when the write would pass the quota. */
export async function admit(env, kind, bytes) {
  if (!env.QUOTA || bytes <= 0) return;
  const r = await env.QUOTA.fetch('http://quota.internal/', { method: 'POST', body: JSON.stringify({ kind, bytes }) });
  const answer = await r.json();
  if (!answer.ok) throw new Error(answer.error);
}
