function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}
export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    try {
      return await Promise.race([env.DISPATCHER.get(customer).fetch(request), timeout(1000)]);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('No site here', { status: 404 });
      if (e.message === 'timeout') return new Response('The site took too long', { status: 504 });
      return new Response('The site is having trouble', { status: 502 });
    }
  },
};
