import { defineLab, type CheckContext, type CheckRun } from '../../src/schemas/lab';
import { expectStatus, get } from '../../src/server/labs/check-helpers';

const reachedTenant = (run: CheckRun, worker: string) => run.trace.hops.some((h) => h.kind === 'user' && h.worker === worker);

/** Sends `n` requests to a tenant and returns them in order. */
async function burst(ctx: CheckContext, host: string, n: number, headersOf: (i: number) => Record<string, string> = () => ({}), pathOf: (i: number) => string = () => '/') {
  const runs: CheckRun[] = [];
  for (let i = 0; i < n; i++) runs.push(await ctx.send(get(`https://${host}${pathOf(i)}`, headersOf(i))));
  return runs;
}

export default defineLab({
  id: 'tenant-rate-limits',
  title: 'Per-tenant rate limits a greedy tenant cannot exhaust',
  lesson: 'building/rate-limiting',
  goal: 'One tenant\'s traffic must not use up what the platform provides for everyone. In the gateway, before a tenant\'s Worker runs, count its request with the Rate Limiting binding of its plan (PLANS: free → FREE_LIMITER, 6 requests per 10 s; pro → PRO_LIMITER, 30 per 10 s), keyed by the tenant (not by anything the client sends). Over the budget, answer 429 with Retry-After and do not run the tenant\'s code. Other tenants keep being served.',
  resources: { kv: { plans: { greedy: 'free', modest: 'free', bigshop: 'pro' } } },
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'platform.json', label: 'Config' },
    { path: 'tenants/greedy.js', label: 'greedy (free)' },
    { path: 'tenants/modest.js', label: 'modest (free)' },
    { path: 'tenants/bigshop.js', label: 'bigshop (pro)' },
  ],
  hosts: ['greedy.example.com', 'modest.example.com', 'bigshop.example.com'],
  presets: [
    { label: 'greedy (send it ten times)', url: 'https://greedy.example.com/' },
    { label: 'modest', url: 'https://modest.example.com/' },
    { label: 'bigshop (pro)', url: 'https://bigshop.example.com/' },
    { label: 'greedy from "another IP"', url: 'https://greedy.example.com/?page=2', headers: { 'cf-connecting-ip': '203.0.113.77', 'x-forwarded-for': '203.0.113.77' } },
  ],
  hints: [
    'A Rate Limiting binding has one method: const { success } = await env.FREE_LIMITER.limit({ key }). Each call counts one request for that key; success is false once the key has used its limit in the period.',
    'Pick the binding by plan: const plan = (await env.PLANS.get(customer)) ?? "free"; then env.FREE_LIMITER or env.PRO_LIMITER.',
    'The key decides who shares a budget. Use the tenant\'s name: one key for everybody lets greedy starve modest, and a key the client controls (its IP header, the path) lets it start a fresh budget whenever it likes.',
    'Check before you dispatch: a 429 that comes after the tenant ran has already cost what the limit was meant to save.',
  ],
  checks: [
    {
      name: 'A greedy tenant is stopped at its plan\'s budget, before its code runs',
      async run(ctx) {
        const runs = await burst(ctx, 'greedy.example.com', 9);
        const limited = runs.filter((r) => r.status === 429);
        if (limited.length === 0) return ctx.fail(`greedy.example.com: 9 requests in a row on the free plan (6 per 10 s) got statuses ${runs.map((r) => r.status).join(', ')}; expected 429 once the budget is used.`);
        if (limited.some((r) => reachedTenant(r, 'greedy'))) ctx.fail('greedy.example.com: the 429 came after greedy\'s Worker ran; check the limit before you dispatch.');
        if (limited.some((r) => r.headers['retry-after'] === undefined)) ctx.fail('greedy.example.com: a rate-limit 429 should say when to come back (Retry-After), since a later retry can succeed.');
      },
    },
    {
      name: 'Other tenants are served while greedy is limited',
      async run(ctx) {
        await burst(ctx, 'greedy.example.com', 7);
        const run = await ctx.send(get('https://modest.example.com/'));
        expectStatus(ctx, run, 200, 'modest.example.com right after greedy used up its budget');
      },
    },
    {
      name: 'A client cannot start a fresh budget with another IP header or path',
      async run(ctx) {
        await burst(ctx, 'greedy.example.com', 7);
        const runs = await burst(
          ctx,
          'greedy.example.com',
          3,
          (i) => ({ 'cf-connecting-ip': `203.0.113.${10 + i}`, 'x-forwarded-for': `198.51.100.${10 + i}` }),
          (i) => `/page-${i}?cache-buster=${Date.now()}${i}`,
        );
        if (runs.some((r) => r.status !== 429))
          ctx.fail(`greedy.example.com with new IP headers and paths got ${runs.map((r) => r.status).join(', ')} after using up its budget; the key must be the tenant, not something the client sends.`);
      },
    },
    {
      name: 'A pro tenant gets the pro budget',
      async run(ctx) {
        const runs = await burst(ctx, 'bigshop.example.com', 8);
        if (runs.some((r) => r.status !== 200)) ctx.fail(`bigshop.example.com (pro: 30 per 10 s) got ${runs.map((r) => r.status).join(', ')} for 8 requests; use the limiter of the tenant's plan.`);
      },
    },
  ],
});
