// The platform: an admin endpoint that onboards customers, and the dispatcher for everyone else.
const API = 'https://api.cloudflare.com/client/v4';

async function onboard(env, name, source) {
  const metadata = {
    main_module: 'index.js',
    compatibility_date: '2026-07-01',
    bindings: [{ type: 'plain_text', name: 'CUSTOMER_NAME', text: name }],
    tags: [`customer:${name}`, 'plan:free'],
  };
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }), 'metadata.json');
  form.append('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
  const res = await fetch(`${API}/accounts/${env.ACCOUNT_ID}/workers/dispatch/namespaces/production/scripts/${name}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${env.CF_API_TOKEN}` },
    body: form,
  });
  const body = await res.json();
  if (!body.success) {
    const reason = body.errors?.[0]?.message ?? 'upload failed';
    return Response.json({ error: reason }, { status: res.status >= 500 ? 502 : 400 });
  }
  return Response.json({ onboarded: name, id: body.result.id }, { status: 201 });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.hostname === 'admin.platform.example') {
      const match = url.pathname.match(/^\/customers\/([^/]+)$/);
      if (request.method !== 'POST' || !match) return new Response('Not found', { status: 404 });
      return onboard(env, match[1], await request.text());
    }
    const customer = url.hostname.split('.')[0];
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown customer', { status: 404 });
      return new Response('Customer error', { status: 502 });
    }
  },
};
