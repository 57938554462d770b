// The gateway. The abuse desk marks tenants in TENANT_STATUS (key: script name, value: "suspended" or "active"),
// but the gateway never looks, and it forwards every client header to the tenants.
export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('No site here', { status: 404 });
      return new Response('The site failed to respond', { status: 502 });
    }
  },
};
