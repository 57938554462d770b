// The platform's dynamic dispatch Worker: every customer request arrives here first.
const text = (body, status) => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    try {
      // get() is lazy: it always returns a stub. A missing Worker shows up when fetch() is called.
      const userWorker = env.DISPATCHER.get(customer);
      return await userWorker.fetch(request);
    } catch (e) {
      // Generic bodies: never repeat the hostname or the customer's error text.
      if (e.message.startsWith('Worker not found')) return text('No site here', 404);
      return text('The site failed to respond', 502);
    }
  },
};
