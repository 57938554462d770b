// The platform: an admin endpoint that onboards customers, and the dispatcher for everyone else.
const API = 'https://api.cloudflare.com/client/v4';

async function onboard(env, name, source) {
  // TODO: upload `source` as the user Worker `name` into the "production" dispatch namespace
  // through the Cloudflare API, with a CUSTOMER_NAME binding and the tag customer:<name>.
  return new Response('Onboarding is not written yet', { status: 501 });
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
