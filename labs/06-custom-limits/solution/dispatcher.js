// Plan limits per customer, violations answered with 429 and counted.
const PLAN_LIMITS = {
  free: { cpuMs: 10, subRequests: 5 },
  pro: { cpuMs: 50, subRequests: 50 },
  enterprise: { cpuMs: 500, subRequests: 500 },
};

async function countViolation(env, customer) {
  const count = Number((await env.VIOLATIONS.get(customer)) ?? 0);
  await env.VIOLATIONS.put(customer, String(count + 1));
}

export default {
  async fetch(request, env) {
    const customer = new URL(request.url).hostname.split('.')[0];
    const plan = (await env.PLANS.get(customer)) ?? 'free';
    const limits = PLAN_LIMITS[plan] ?? PLAN_LIMITS.free;
    try {
      return await env.DISPATCHER.get(customer, {}, { limits }).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown customer', { status: 404 });
      if (e.message.includes('CPU time limit') || e.message.includes('Too many subrequests')) {
        await countViolation(env, customer);
        return new Response(`${customer} went over the ${plan} plan's limits`, { status: 429 });
      }
      return new Response('Customer error', { status: 502 });
    }
  },
};
