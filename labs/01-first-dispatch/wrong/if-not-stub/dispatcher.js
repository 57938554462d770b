export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    const userWorker = env.DISPATCHER.get(customer);
    if (!userWorker) return new Response('No site here', { status: 404 });
    return userWorker.fetch(request);
  },
};
