import { defineLab } from '../../src/schemas/lab';
import { expectBodyExcludes, expectBodyIncludes, expectReached, expectStatus, get } from '../../src/server/labs/check-helpers';

export default defineLab({
  id: 'first-dispatch',
  title: 'First dispatch',
  lesson: 'building/dynamic-dispatch',
  goal: 'Route each customer\'s subdomain to their user Worker: acme-corp.example.com to acme-corp and globex.example.com to globex. A subdomain with no Worker must get a 404 from your dispatch Worker — and only that: wip.example.com has a Worker that throws, which is a failure (502), not a missing site.',
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'tenants/acme-corp.js', label: 'acme-corp' },
    { path: 'tenants/globex.js', label: 'globex' },
    { path: 'tenants/wip.js', label: 'wip (throws)' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['acme-corp.example.com', 'globex.example.com', 'initech.example.com', 'wip.example.com'],
  presets: [
    { label: 'acme-corp home page', url: 'https://acme-corp.example.com/' },
    { label: 'globex API', url: 'https://globex.example.com/api/orders' },
    { label: 'Unknown customer', url: 'https://initech.example.com/' },
    { label: 'Customer whose Worker throws', url: 'https://wip.example.com/' },
  ],
  hints: [
    'The customer is the first label of the hostname: new URL(request.url).hostname.split(".")[0].',
    'env.DISPATCHER.get(name) returns a stub for that customer\'s Worker; call .fetch(request) on it and return the result.',
    'get() never fails for a missing name. Wrap the fetch() in try/catch and check e.message.startsWith("Worker not found") to answer 404.',
    'Any other error means the customer\'s Worker exists but failed: answer 502 with a short, generic body (never the error text).',
  ],
  checks: [
    {
      name: 'acme-corp.example.com reaches the acme-corp Worker',
      async run(ctx) {
        const run = await ctx.send(get('https://acme-corp.example.com/'));
        expectStatus(ctx, run, 200, 'acme-corp.example.com');
        expectReached(ctx, run, 'acme-corp', 'acme-corp.example.com');
        expectBodyIncludes(ctx, run, 'ACME Corp', 'acme-corp.example.com');
      },
    },
    {
      name: 'globex.example.com reaches the globex Worker, path included',
      async run(ctx) {
        const run = await ctx.send(get('https://globex.example.com/api/orders'));
        expectStatus(ctx, run, 200, 'globex.example.com/api/orders');
        expectReached(ctx, run, 'globex', 'globex.example.com/api/orders');
        expectBodyIncludes(ctx, run, 'Globex orders', 'globex.example.com/api/orders');
      },
    },
    {
      name: 'An unknown customer gets 404, not an error',
      async run(ctx) {
        const run = await ctx.send(get('https://initech.example.com/'));
        expectStatus(ctx, run, 404, 'initech.example.com (no such Worker)');
        expectBodyExcludes(ctx, run, 'initech', 'initech.example.com (a 404 body need not repeat the hostname; keep it generic)');
      },
    },
    {
      name: 'A customer whose Worker throws is not reported as missing (502, not 404)',
      async run(ctx) {
        const run = await ctx.send(get('https://wip.example.com/'));
        expectStatus(ctx, run, 502, 'wip.example.com (its Worker exists but throws)');
        expectBodyExcludes(ctx, run, 'reading "menu"', 'wip.example.com (the customer\'s error text)');
      },
    },
  ],
});
