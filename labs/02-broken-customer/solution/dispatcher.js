// The gateway in front of every customer: a failing customer gets a clean error, never an outage.
const TIMEOUT_MS = 1000;
// Only this module has this value, so no customer can throw something equal to it (unlike a message).
const DEADLINE = Symbol('deadline');

function deadline(ms) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(DEADLINE), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

const text = (body, status) => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    // get() is lazy: it always returns a stub, so there is nothing to test here.
    const userWorker = env.DISPATCHER.get(customer);
    const timer = deadline(TIMEOUT_MS);
    try {
      return await Promise.race([userWorker.fetch(request), timer.promise]);
    } catch (e) {
      if (e === DEADLINE) return text('The site took too long to answer', 504);
      if (e instanceof Error && e.message.startsWith('Worker not found')) return text('No site here', 404);
      // The details go to the platform's logs, never to the visitor.
      console.error(`customer ${customer} failed:`, e instanceof Error ? e.message : String(e));
      return text('The site is having trouble right now', 502);
    } finally {
      timer.cancel();
    }
  },
};
