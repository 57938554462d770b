// The gateway: suspended tenants are answered by the platform, and clients cannot choose a tenant's version.
// Request headers that select a version of a Worker: only the platform may set them (or nobody).
const VERSION_HEADERS = ['Cloudflare-Workers-Version-Overrides', 'Cloudflare-Workers-Version-Key'];

const text = (body, status, extra = {}) => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...extra } });

export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    // Looked up on every request, so the abuse desk acts without a redeploy (KV changes can take a minute to
    // reach every location on Cloudflare). The tenant's code never runs while it is suspended.
    if ((await env.TENANT_STATUS.get(customer)) === 'suspended') {
      return text('No site here', 404);
    }
    const headers = new Headers(request.headers);
    for (const name of VERSION_HEADERS) headers.delete(name);
    try {
      return await env.DISPATCHER.get(customer).fetch(new Request(request, { headers }));
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return text('No site here', 404);
      return text('The site failed to respond', 502);
    }
  },
};
