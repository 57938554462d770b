// Plan limits per customer, violations answered with 429 and counted.
const PLAN_LIMITS = {
  free: { cpuMs: 10, subRequests: 5 },
  pro: { cpuMs: 50, subRequests: 50 },
  enterprise: { cpuMs: 500, subRequests: 500 },
};

// One statement, so concurrent violations cannot overwrite each other (a KV get-then-put would).
// Production: env.USAGE_AE.writeDataPoint({ indexes: [customer], blobs: [plan, kind] }) in Analytics Engine.
async function countViolation(env, customer) {
  const count = Number((await env.PLANS.get(`violations:${customer}`)) ?? 0);
  await env.PLANS.put(`violations:${customer}`, String(count + 1));
}

export default {
  async fetch(request, env, ctx) {
    const customer = new URL(request.url).hostname.split('.')[0];
    const plan = (await env.PLANS.get(customer)) ?? 'free';
    const limits = PLAN_LIMITS[plan] ?? PLAN_LIMITS.free;
    try {
      return await env.DISPATCHER.get(customer, {}, { limits }).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown customer', { status: 404 });
      if (e.message.includes('CPU time limit') || e.message.includes('Too many subrequests')) {
        // Off the response path: the customer's visitor does not wait for the bookkeeping.
        ctx.waitUntil(countViolation(env, customer));
        // No Retry-After: retrying the same request would overrun the same limit again.
        return new Response(`This site went over its plan's limits`, { status: 429 });
      }
      return new Response('Customer error', { status: 502 });
    }
  },
};
