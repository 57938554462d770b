// The platform's dynamic dispatch Worker: every customer request arrives here first.
export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    try {
      const userWorker = env.DISPATCHER.get(customer);
      return await userWorker.fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) {
        return new Response(`No site for "${customer}"`, { status: 404 });
      }
      return new Response('The site failed to respond', { status: 502 });
    }
  },
};
