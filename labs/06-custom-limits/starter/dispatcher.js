// Every customer runs with no limits of their plan: a free customer can burn as much as an enterprise one.
export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown customer', { status: 404 });
      return new Response(e.message, { status: 500 });
    }
  },
};
