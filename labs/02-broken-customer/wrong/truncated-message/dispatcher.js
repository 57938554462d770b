const DEADLINE = Symbol('deadline');
export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    let timer;
    const deadline = new Promise((_, reject) => { timer = setTimeout(() => reject(DEADLINE), 1000); });
    try {
      return await Promise.race([env.DISPATCHER.get(customer).fetch(request), deadline]);
    } catch (e) {
      if (e === DEADLINE) return new Response('The site took too long', { status: 504 });
      if (e.message.startsWith('Worker not found')) return new Response('No site here', { status: 404 });
      return new Response(`The site is having trouble (${e.message.slice(0, 25)})`, { status: 502 });
    } finally {
      clearTimeout(timer);
    }
  },
};
