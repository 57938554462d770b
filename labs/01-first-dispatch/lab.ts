import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectReached, expectStatus, get } from '../../src/server/labs/check-helpers';

export default defineLab({
  id: 'first-dispatch',
  title: 'First dispatch',
  lesson: 'building/dynamic-dispatch',
  goal: 'Route each customer\'s subdomain to their user Worker: acme-corp.example.com to acme-corp and globex.example.com to globex. A subdomain with no Worker must get a 404 from your dispatch Worker.',
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'tenants/acme-corp.js', label: 'acme-corp' },
    { path: 'tenants/globex.js', label: 'globex' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['acme-corp.example.com', 'globex.example.com', 'initech.example.com'],
  presets: [
    { label: 'acme-corp home page', url: 'https://acme-corp.example.com/' },
    { label: 'globex API', url: 'https://globex.example.com/api/orders' },
    { label: 'Unknown customer', url: 'https://initech.example.com/' },
  ],
  hints: [
    'The customer is the first label of the hostname: new URL(request.url).hostname.split(".")[0].',
    'env.DISPATCHER.get(name) returns a stub for that customer\'s Worker; call .fetch(request) on it and return the result.',
    'get() never fails for a missing name. Wrap the fetch() in try/catch and check e.message.startsWith("Worker not found") to answer 404.',
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
      },
    },
  ],
});
