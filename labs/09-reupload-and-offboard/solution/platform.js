// The platform backend (admin.platform.example) and the dispatcher for <script>.example.com.
// The lab keeps both in one Worker to stay short; in production the backend and its API token live apart
// from the Worker that serves tenants' traffic.
const API = 'https://api.cloudflare.com/client/v4';
const SCRIPT_NAME = /^[a-z0-9_][a-z0-9-_]*$/;
const scriptsUrl = (env) => `${API}/accounts/${env.ACCOUNT_ID}/workers/dispatch/namespaces/production/scripts`;
const auth = (env) => ({ authorization: `Bearer ${env.CF_API_TOKEN}` });
const customerTag = (customer) => `customer-${customer}`;

async function result(res, okStatus) {
  const body = await res.json();
  if (!body.success) return Response.json({ error: body.errors?.[0]?.message ?? 'API call failed' }, { status: res.status >= 500 ? 502 : 400 });
  return Response.json({ ok: true }, { status: okStatus });
}

/** The customer a dashboard token belongs to, or null. (Production: a hashed token looked up in D1.) */
function callerOf(request, env) {
  const token = request.headers.get('x-customer-token') ?? '';
  return token && Object.hasOwn(env.CUSTOMER_TOKENS, token) ? env.CUSTOMER_TOKENS[token] : null;
}

/** True when the script exists and carries the caller's tag. */
async function owns(env, customer, script) {
  const res = await fetch(`${scriptsUrl(env)}/${script}/tags`, { headers: auth(env) });
  if (!res.ok) return false;
  const { result: tags } = await res.json();
  return Array.isArray(tags) && tags.includes(customerTag(customer));
}

// PUT /scripts/<script>/code: the customer saved new code in the editor.
async function updateCode(env, customer, script, source) {
  if (!(await owns(env, customer, script))) return Response.json({ error: 'not your script' }, { status: 403 });
  // No bindings in this upload: keep_bindings carries the KV namespace and the secret over from the last version.
  const metadata = { main_module: 'index.js', compatibility_date: '2026-07-01', keep_bindings: ['kv_namespace', 'secret_text', 'secret_key'] };
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }), 'metadata.json');
  form.append('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
  return result(await fetch(`${scriptsUrl(env)}/${script}`, { method: 'PUT', headers: auth(env), body: form }), 200);
}

// DELETE /customers/<customer>: the customer left.
async function offboard(env, caller, customer) {
  if (customer !== caller) return Response.json({ error: 'you can only close your own account' }, { status: 403 });
  // Every script tagged customer-<customer>, in one call. The tag must match exactly: customer-anna is not
  // customer-ann. Always ":yes": a ":no" filter would delete every other customer.
  return result(await fetch(`${scriptsUrl(env)}?tags=${customerTag(customer)}:yes`, { method: 'DELETE', headers: auth(env) }), 200);
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.hostname === 'admin.platform.example') {
      const caller = callerOf(request, env);
      if (!caller) return Response.json({ error: 'authentication required' }, { status: 401 });
      const code = url.pathname.match(/^\/scripts\/([^/]+)\/code$/);
      const customer = url.pathname.match(/^\/customers\/([^/]+)$/);
      const name = code?.[1] ?? customer?.[1];
      if (!name || !SCRIPT_NAME.test(name)) return new Response('Not found', { status: 404 });
      if (code && request.method === 'PUT') return updateCode(env, caller, name, await request.text());
      if (customer && request.method === 'DELETE') return offboard(env, caller, name);
      return new Response('Method not allowed', { status: 405 });
    }
    const script = url.hostname.split('.')[0];
    if (!SCRIPT_NAME.test(script)) return new Response('Unknown site', { status: 404 });
    try {
      return await env.DISPATCHER.get(script).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown site', { status: 404 });
      return new Response('Site error', { status: 502 });
    }
  },
};
