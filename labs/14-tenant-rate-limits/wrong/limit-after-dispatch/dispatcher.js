// The gateway: every tenant gets its plan's number of requests per period, counted per tenant, before its code runs.
const LIMITERS = { free: 'FREE_LIMITER', pro: 'PRO_LIMITER' };
const PERIOD_SECONDS = 10;
const SCRIPT_NAME = /^[a-z0-9_][a-z0-9-_]*$/;

export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    if (!SCRIPT_NAME.test(customer)) return new Response('No site here', { status: 404 });
    const plan = (await env.PLANS.get(customer)) ?? 'free';
    const limiter = env[LIMITERS[plan] ?? LIMITERS.free];
    // The key is the tenant, which the platform decides: not the client's IP or path, which the client chooses.
    const response = await env.DISPATCHER.get(customer).fetch(request).catch(() => null);
    const { success } = await limiter.limit({ key: customer });
    if (success && response) return response;
    if (!success) {
      // A real rate limit: retrying after the period can succeed, so say when.
      return new Response('Too many requests for this site; try again shortly', { status: 429, headers: { 'retry-after': String(PERIOD_SECONDS) } });
    }
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('No site here', { status: 404 });
      return new Response('The site failed to respond', { status: 502 });
    }
  },
};
