// The platform's dispatch Worker, bound to the "customers" namespace as env.DISPATCHER.
// Customers are deployed into that namespace from the terminal, with wrangler.
export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) {
        return new Response(`No site for "${customer}"`, { status: 404 });
      }
      return new Response('The site failed to respond', { status: 502 });
    }
  },
};
