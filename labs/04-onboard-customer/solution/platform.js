// The platform: an admin endpoint that onboards, updates and removes customers, and the dispatcher for everyone else.
const API = 'https://api.cloudflare.com/client/v4';
// The Cloudflare API's rule for script names: check it here, before any upload or dispatch.
const SCRIPT_NAME = /^[a-z0-9_][a-z0-9-_]*$/;

const scriptsUrl = (env) => `${API}/accounts/${env.ACCOUNT_ID}/workers/dispatch/namespaces/production/scripts`;
// A tag is "customer-<name>", not "customer:<name>": the list and delete filters use "<tag>:yes".
const customerTag = (name) => `customer-${name}`;

async function putScript(env, name, source, metadata) {
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify({ main_module: 'index.js', compatibility_date: '2026-07-01', ...metadata })], { type: 'application/json' }), 'metadata.json');
  form.append('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
  const res = await fetch(`${scriptsUrl(env)}/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${env.CF_API_TOKEN}` }, body: form });
  return answer(res, 201);
}

async function answer(res, okStatus) {
  const body = await res.json();
  if (!body.success) {
    const reason = body.errors?.[0]?.message ?? 'the Cloudflare API refused the call';
    return Response.json({ error: reason }, { status: res.status >= 500 ? 502 : 400 });
  }
  return Response.json({ ok: true, result: body.result }, { status: okStatus });
}

function onboard(env, name, source) {
  return putScript(env, name, source, {
    bindings: [{ type: 'plain_text', name: 'CUSTOMER_NAME', text: name }],
    tags: [customerTag(name), 'plan-free'],
  });
}

async function updateCode(env, name, source) {
  // No bindings in this upload: keep_bindings carries the plain_text binding over from the last version.
  const res = await putScript(env, name, source, { keep_bindings: ['plain_text'] });
  return res.status === 201 ? Response.json({ updated: name }, { status: 200 }) : res;
}

async function offboard(env, name) {
  const res = await fetch(`${scriptsUrl(env)}?tags=${customerTag(name)}:yes`, { method: 'DELETE', headers: { authorization: `Bearer ${env.CF_API_TOKEN}` } });
  return answer(res, 200);
}

async function admin(request, env, url) {
  const match = url.pathname.match(/^\/customers\/([^/]+)(\/code)?$/);
  if (!match) return new Response('Not found', { status: 404 });
  const name = decodeURIComponent(match[1]);
  if (!SCRIPT_NAME.test(name)) return Response.json({ error: `"${name}" is not a valid script name: use a-z, 0-9, "-" and "_"` }, { status: 400 });
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
