// The gateway. Every tenant may send as many requests as it likes: one busy tenant can use up what the
// platform pays for everyone. The platform.json gives you two Rate Limiting bindings, FREE_LIMITER and
// PRO_LIMITER; env.PLANS maps a tenant to its plan ("free" or "pro").
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
