// The platform's dispatch Worker, bound to the "customers" namespace as env.DISPATCHER.
// Customers are deployed into that namespace from the terminal, with wrangler.
const text = (body, status) => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    return env.DISPATCHER.get(customer).fetch(request);
  },
};
