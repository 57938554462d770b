// The platform: an admin endpoint that onboards, updates and removes customers, and the dispatcher for everyone else.
const API = 'https://api.cloudflare.com/client/v4';

async function onboard(env, name, source) {
  // TODO: check `name` first, then upload `source` as the user Worker `name` into the "production"
  // dispatch namespace through the Cloudflare API, with a CUSTOMER_NAME binding and the tag customer-<name>.
  return new Response('Onboarding is not written yet', { status: 501 });
}

async function updateCode(env, name, source) {
  // TODO: upload the new code without losing the CUSTOMER_NAME binding.
  return new Response('Updating is not written yet', { status: 501 });
}

async function offboard(env, name) {
  // TODO: delete every script tagged customer-<name>.
  return new Response('Offboarding is not written yet', { status: 501 });
}

async function admin(request, env, url) {
  const match = url.pathname.match(/^\/customers\/([^/]+)(\/code)?$/);
  if (!match) return new Response('Not found', { status: 404 });
  const name = decodeURIComponent(match[1]);
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
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown customer', { status: 404 });
      return new Response('Customer error', { status: 502 });
    }
  },
};
