// The platform's dispatch Worker, bound to the "customers" namespace as env.DISPATCHER.
// Customers are deployed into that namespace from the terminal, with wrangler.
const text = (body, status) => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export default {
  async fetch(request, env) {
    const customer = 'pizza-palace';
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      // Generic bodies: the hostname and the customer's error text stay out of the answer.
      if (e.message.startsWith('Worker not found')) return text('No site here', 404);
      return text('The site failed to respond', 502);
    }
  },
};
