import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectStatus, get } from '../../src/server/labs/check-helpers';

export default defineLab({
  id: 'custom-limits',
  title: 'Plans and custom limits',
  lesson: 'building/custom-limits',
  goal: 'Give each customer the limits of their plan — free: 10 ms CPU and 5 subrequests; pro: 50 ms and 50; enterprise: 500 ms and 500 — by passing limits to get(). A customer over its limit gets 429 from the gateway (without Retry-After: the same request would only overrun again), and each violation is counted in the USAGE D1 database, table violations (customer, count), with one atomic upsert in ctx.waitUntil() so the answer does not wait for it. (Production would write an Analytics Engine data point, which this lab does not have; a KV get-then-put counter loses concurrent increments and allows about one write per second per key.)',
  resources: {
    kv: { plans: { hungry: 'free', cruncher: 'free', tiny: 'free', bigco: 'enterprise' } },
    d1: { usage: 'CREATE TABLE violations (customer TEXT PRIMARY KEY, count INTEGER NOT NULL);' },
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
    'In the catch, both "CPU time limit" and "Too many subrequests" mean the customer hit its plan: answer 429.',
    'Count with one statement, so two violations at once cannot overwrite each other: INSERT INTO violations (customer, count) VALUES (?, 1) ON CONFLICT (customer) DO UPDATE SET count = count + 1. Run it in ctx.waitUntil(...) (fetch(request, env, ctx)) so the 429 does not wait for it.',
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
      name: 'A limit 429 does not invite a retry',
      async run(ctx) {
        const run = await ctx.send(get('https://cruncher.example.com/'));
        expectStatus(ctx, run, 429, 'cruncher.example.com');
        if (run.headers['retry-after'] !== undefined)
          ctx.fail(`cruncher.example.com: the 429 carries Retry-After: ${run.headers['retry-after']}, but the same request would overrun its CPU limit again; leave Retry-After to real rate limits.`);
      },
    },
    {
      name: 'Violations are counted per customer, atomically, in D1',
      async run(ctx) {
        const usage = await ctx.d1('usage');
        const count = async (customer: string) =>
          (await usage.prepare('SELECT count FROM violations WHERE customer = ?').bind(customer).all<{ count: number }>()).results[0]?.count ?? 0;
        const before = await count('hungry');
        await ctx.send(get('https://hungry.example.com/'));
        await ctx.send(get('https://hungry.example.com/'));
        // waitUntil work may finish just after the answer.
        let after = await count('hungry');
        for (let i = 0; i < 10 && after < before + 2; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          after = await count('hungry');
        }
        if (after !== before + 2) ctx.fail(`violations.count for "hungry" should go up by 1 per violation: it was ${before} before two violations and ${after} after.`);
        if ((await count('tiny')) !== 0) ctx.fail('violations has a row for "tiny", which never went over its limits.');
      },
    },
  ],
});
