// Customers bring their own domains (Cloudflare for SaaS custom hostnames). Each custom hostname carries
// custom metadata such as { "script": "alice-bakery", "plan": "pro" }.
export default {
  async fetch(request, env) {
    // TODO: the first label of a customer's own domain ("shop", "www") is not a script name.
    // Route on request.cf.hostMetadata instead, and tell the customer its plan.
    const name = new URL(request.url).hostname.split('.')[0];
    try {
      return await env.DISPATCHER.get(name).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown site', { status: 404 });
      return new Response('Site error', { status: 502 });
    }
  },
};
