export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch {
      return new Response('The site is having trouble', { status: 502 });
    }
  },
};
