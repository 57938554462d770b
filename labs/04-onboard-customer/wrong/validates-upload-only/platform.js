// The platform: an admin API that onboards, updates and removes customers, and the dispatcher for everyone else.
// In production the admin API and its Cloudflare API token live in a separate backend, never in the Worker that
// serves tenants' traffic; the lab keeps both in one Worker to stay short.
const API = 'https://api.cloudflare.com/client/v4';
// The Cloudflare API's rule for script names: check it here, before any upload, delete or dispatch.
const SCRIPT_NAME = /^[a-z0-9_][a-z0-9-_]*$/;

const scriptsUrl = (env) => `${API}/accounts/${env.ACCOUNT_ID}/workers/dispatch/namespaces/production/scripts`;
const auth = (env) => ({ authorization: `Bearer ${env.CF_API_TOKEN}` });
// The course's convention: "customer-<name>", not "customer:<name>", since the filters read "<tag>:yes".
const customerTag = (name) => `customer-${name}`;

/** Constant-time comparison of the caller's credential with the admin key. */
function isAdmin(request, env) {
  const enc = new TextEncoder();
  const given = enc.encode(request.headers.get('authorization') ?? '');
  const expected = enc.encode(`Bearer ${env.ADMIN_KEY}`);
  return given.byteLength === expected.byteLength && crypto.subtle.timingSafeEqual(given, expected);
}

async function answer(res, okStatus) {
  const body = await res.json();
  if (!body.success) {
    const reason = body.errors?.[0]?.message ?? 'the Cloudflare API refused the call';
    return Response.json({ error: reason }, { status: res.status >= 500 ? 502 : 400 });
  }
  return Response.json({ ok: true }, { status: okStatus });
}

/** The script's tags, or null when there is no such script. */
async function tagsOf(env, name) {
  const res = await fetch(`${scriptsUrl(env)}/${name}/tags`, { headers: auth(env) });
  if (res.status === 404) return null;
  const body = await res.json();
  return body.result ?? [];
}

async function putScript(env, name, source, metadata) {
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify({ main_module: 'index.js', compatibility_date: '2026-07-01', ...metadata })], { type: 'application/json' }), 'metadata.json');
  form.append('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
  return fetch(`${scriptsUrl(env)}/${name}`, { method: 'PUT', headers: auth(env), body: form });
}

async function onboard(env, name, source) {
  // A new customer never takes over an existing script (someone else's code, bindings and data).
  if ((await tagsOf(env, name)) !== null) return Response.json({ error: `"${name}" is taken` }, { status: 409 });
  const res = await putScript(env, name, source, {
    bindings: [{ type: 'plain_text', name: 'CUSTOMER_NAME', text: name }],
    tags: [customerTag(name), 'plan-free'],
  });
  return answer(res, 201);
}

async function updateCode(env, name, source) {
  // Only a script this customer owns (by tag) is replaced.
  const tags = await tagsOf(env, name);
  if (tags === null) return Response.json({ error: `no customer "${name}"` }, { status: 404 });
  if (!tags.includes(customerTag(name))) return Response.json({ error: `"${name}" does not belong to this customer` }, { status: 409 });
  // No bindings in this upload: keep_bindings carries the plain_text binding over from the last version.
  return answer(await putScript(env, name, source, { keep_bindings: ['plain_text'] }), 200);
}

async function offboard(env, name) {
  // The filter is built from a validated name and is always ":yes": a ":no" would delete everyone else.
  const res = await fetch(`${scriptsUrl(env)}?tags=${encodeURIComponent(customerTag(name) + ':yes')}`, { method: 'DELETE', headers: auth(env) });
  return answer(res, 200);
}

async function admin(request, env, url) {
  if (!isAdmin(request, env)) return Response.json({ error: 'authentication required' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  const match = url.pathname.match(/^\/customers\/([^/]+)(\/code)?$/);
  if (!match) return new Response('Not found', { status: 404 });
  const name = decodeURIComponent(match[1]);
  if (request.method !== 'DELETE' && !SCRIPT_NAME.test(name)) return Response.json({ error: 'not a valid script name: use a-z, 0-9, "-" and "_"' }, { status: 400 });
  if (request.method === 'POST' && !match[2]) return onboard(env, name, await request.text());
  if (request.method === 'PUT' && match[2]) return updateCode(env, name, await request.text());
  if (request.method === 'DELETE' && !match[2]) return offboard(env, name);
  return new Response('Method not allowed', { status: 405 });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.hostname === 'admin.platform.example') return admin(request, env, url);
    const customer = url.hostname.split('.')[0];
    if (!SCRIPT_NAME.test(customer)) return new Response('Unknown customer', { status: 404 });
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown customer', { status: 404 });
      return new Response('Customer error', { status: 502 });
    }
  },
};
