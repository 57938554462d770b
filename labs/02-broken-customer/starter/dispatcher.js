// The gateway in front of every customer. Send the presets and watch the logs and the trace.
export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    const userWorker = env.DISPATCHER.get(customer);
    if (!userWorker) {
      return new Response(`No site for "${customer}"`, { status: 404 });
    }
    return userWorker.fetch(request);
  },
};
