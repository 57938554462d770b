// The gateway in front of every customer: a failing customer gets a clean error, never an outage.
const TIMEOUT_MS = 1000;

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    // get() is lazy: it always returns a stub, so there is nothing to test here.
    const userWorker = env.DISPATCHER.get(customer);
    try {
      return await Promise.race([userWorker.fetch(request), timeout(TIMEOUT_MS)]);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) {
        return new Response(`No site for "${customer}"`, { status: 404 });
      }
      if (e.message === 'timeout') {
        return new Response(`${customer} took too long to answer`, { status: 504 });
      }
      console.error(`customer ${customer} failed:`, e.message);
      return new Response(`${customer} is having trouble right now`, { status: 502 });
    }
  },
};
