import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectReached, expectStatus, get } from '../../src/server/labs/check-helpers';

export default defineLab({
  id: 'routing-tables',
  title: 'Routing tables',
  lesson: 'building/dynamic-dispatch',
  goal: 'Route two ways (by path and through a lookup table, not by subdomain) without redeploying the gateway: app.platform.example/<customer>/… goes to that customer\'s Worker with the /<customer> prefix removed, and any other hostname is looked up in the ROUTES KV table (hostname → script name). Unknown paths and hosts get 404.',
  resources: {
    kv: { routes: { 'shop.acme.example': 'acme-corp', 'www.globex.example': 'globex' } },
  },
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'tenants/acme-corp.js', label: 'acme-corp' },
    { path: 'tenants/globex.js', label: 'globex' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['app.platform.example', 'shop.acme.example', 'www.globex.example', 'unknown.example'],
  presets: [
    { label: 'Path route: acme-corp cart', url: 'https://app.platform.example/acme-corp/cart' },
    { label: 'Path route: globex', url: 'https://app.platform.example/globex/' },
    { label: 'Custom domain from the KV table', url: 'https://shop.acme.example/cart' },
    { label: 'Unknown host', url: 'https://unknown.example/' },
  ],
  hints: [
    'Start with the hostname: if it is app.platform.example, take the first path segment as the script name; otherwise look the hostname up with await env.ROUTES.get(hostname).',
    'To strip the prefix, build a new URL with the rest of the path and pass new Request(url, request) to the user Worker.',
    'Both lookups can miss: a null from KV and a "Worker not found" error from fetch() both mean 404.',
  ],
  checks: [
    {
      name: 'Path routing sends /acme-corp/cart to acme-corp as /cart',
      async run(ctx) {
        const run = await ctx.send(get('https://app.platform.example/acme-corp/cart'));
        expectStatus(ctx, run, 200, 'app.platform.example/acme-corp/cart');
        expectReached(ctx, run, 'acme-corp', 'app.platform.example/acme-corp/cart');
        expectBodyIncludes(ctx, run, 'path=/cart', 'app.platform.example/acme-corp/cart (the Worker should see /cart)');
      },
    },
    {
      name: 'The KV table routes a custom domain',
      async run(ctx) {
        const run = await ctx.send(get('https://shop.acme.example/cart'));
        expectStatus(ctx, run, 200, 'shop.acme.example/cart');
        expectReached(ctx, run, 'acme-corp', 'shop.acme.example/cart');
        expectBodyIncludes(ctx, run, 'path=/cart', 'shop.acme.example/cart');
      },
    },
    {
      name: 'A new row in the table routes without a redeploy (here at once: the lab\'s KV is local; real KV can take 60 s or more to reach other locations)',
      async run(ctx) {
        const routes = await ctx.kv('routes');
        // Warm the gateway first, then add a row it cannot have seen: a host never used before.
        await ctx.send(get('https://shop.acme.example/'));
        const host = `new-shop-${Date.now().toString(36)}.example`;
        await routes.put(host, 'globex');
        const run = await ctx.send(get(`https://${host}/`));
        expectStatus(ctx, run, 200, `${host} (just added to ROUTES)`);
        expectReached(ctx, run, 'globex', host);
      },
    },
    {
      name: 'Unknown hosts and unknown customers get 404',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(get('https://unknown.example/')), 404, 'unknown.example (not in ROUTES)');
        expectStatus(ctx, await ctx.send(get('https://app.platform.example/nobody/')), 404, 'app.platform.example/nobody/ (no such Worker)');
      },
    },
  ],
});
