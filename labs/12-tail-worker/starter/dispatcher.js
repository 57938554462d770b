// A plain gateway: <customer>.example.com runs the customer's Worker.
export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown customer', { status: 404 });
      return new Response('Customer error', { status: 502 });
    }
  },
};
