export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname;
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('No site here', { status: 404 });
      return new Response('The site failed to respond', { status: 502 });
    }
  },
};
