import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectStatus, get } from '../../src/server/labs/check-helpers';

export default defineLab({
  id: 'custom-limits',
  title: 'Plans and custom limits',
  lesson: 'building/custom-limits',
  goal: 'Give each customer the limits of their plan — free: 10 ms CPU and 5 subrequests; pro: 50 ms and 50; enterprise: 500 ms and 500 — by passing limits to get(). A customer over its limit gets 429 from the gateway, and each violation is counted in the VIOLATIONS KV namespace (key: customer name, value: the count).',
  resources: {
    kv: { plans: { hungry: 'free', cruncher: 'free', tiny: 'free', bigco: 'enterprise' }, violations: {} },
  },
  stubs: [{ origin: 'https://inventory.example', routes: [{ path: '/items/*', body: '{"inStock":true}', headers: { 'content-type': 'application/json' } }] }],
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'tenants/hungry.js', label: 'hungry (free)' },
    { path: 'tenants/cruncher.js', label: 'cruncher (free)' },
    { path: 'tenants/bigco.js', label: 'bigco (enterprise)' },
    { path: 'tenants/tiny.js', label: 'tiny (free)' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['hungry.example.com', 'cruncher.example.com', 'bigco.example.com', 'tiny.example.com'],
  presets: [
    { label: 'hungry: 10 subrequests on the free plan', url: 'https://hungry.example.com/' },
    { label: 'cruncher: ~40 ms of CPU on the free plan', url: 'https://cruncher.example.com/' },
    { label: 'bigco: the same work on enterprise', url: 'https://bigco.example.com/' },
    { label: 'tiny: a light free request', url: 'https://tiny.example.com/' },
  ],
  hints: [
    'Look up the customer\'s plan with await env.PLANS.get(customer) and map it to { cpuMs, subRequests } (capital R).',
    'Pass the limits as the third argument: env.DISPATCHER.get(customer, {}, { limits }). A violation throws from userWorker.fetch().',
    'In the catch, both "CPU time limit" and "Too many subrequests" mean the customer hit its plan: count it with env.VIOLATIONS.put(customer, String(count + 1)) and answer 429.',
  ],
  checks: [
    {
      name: 'A free customer over 5 subrequests gets 429',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(get('https://hungry.example.com/')), 429, 'hungry.example.com (10 subrequests on free)');
      },
    },
    {
      name: 'A free customer over 10 ms of CPU gets 429',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(get('https://cruncher.example.com/')), 429, 'cruncher.example.com (~40 ms CPU on free)');
      },
    },
    {
      name: 'An enterprise customer doing the same work is served',
      async run(ctx) {
        const run = await ctx.send(get('https://bigco.example.com/'));
        expectStatus(ctx, run, 200, 'bigco.example.com (enterprise)');
        expectBodyIncludes(ctx, run, 'bigco done', 'bigco.example.com');
      },
    },
    {
      name: 'A light free request is served',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(get('https://tiny.example.com/')), 200, 'tiny.example.com');
      },
    },
    {
      name: 'Violations are counted per customer',
      async run(ctx) {
        const violations = await ctx.kv('violations');
        const before = Number((await violations.get('hungry')) ?? 0);
        await ctx.send(get('https://hungry.example.com/'));
        const after = Number((await violations.get('hungry')) ?? 0);
        if (after !== before + 1) ctx.fail(`VIOLATIONS["hungry"] should go up by 1 per violation: it was ${before} before the request and ${after} after.`);
        if ((await violations.get('tiny')) !== null) ctx.fail('VIOLATIONS has an entry for "tiny", which never went over its limits.');
      },
    },
  ],
});
