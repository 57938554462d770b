import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectReached, expectStatus, get } from '../../src/server/labs/check-helpers';

// Needs the engine's custom hostnames (engine-core: sandbox.setCustomHostnames); request.cf.hostMetadata is set
// for the dispatcher only.
export default defineLab({
  id: 'custom-hostnames',
  title: 'Route customers\' own domains by hostMetadata',
  lesson: 'building/custom-hostnames',
  goal: 'Customers serve their sites on their own domains, each a custom hostname with custom metadata { script, plan }. Route every request by request.cf.hostMetadata.script (validated as a script name) and pass the plan to the customer\'s Worker in an x-platform-plan header — the platform\'s value, whatever header the client sent. A hostname without usable metadata gets 404.',
  customHostnames: [
    { hostname: 'shop.alice-bakery.example', metadata: { script: 'alice-bakery', plan: 'pro' } },
    { hostname: 'www.bobs-bikes.example', metadata: { script: 'bobs-bikes', plan: 'free' } },
    { hostname: 'bikes.example', metadata: { script: 'bobs-bikes', plan: 'free' } },
    { hostname: 'pending.carol.example' },
    { hostname: 'evil.example', metadata: { script: '../admin', plan: 'enterprise' } },
  ],
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'tenants/alice-bakery.js', label: 'alice-bakery' },
    { path: 'tenants/bobs-bikes.js', label: 'bobs-bikes' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['shop.alice-bakery.example', 'www.bobs-bikes.example', 'bikes.example', 'pending.carol.example', 'evil.example'],
  presets: [
    { label: 'Alice\'s own domain', url: 'https://shop.alice-bakery.example/' },
    { label: 'Bob\'s www domain', url: 'https://www.bobs-bikes.example/' },
    { label: 'Bob\'s second domain', url: 'https://bikes.example/' },
    { label: 'A custom hostname with no metadata yet', url: 'https://pending.carol.example/' },
    { label: 'Metadata that is not a script name', url: 'https://evil.example/' },
    { label: 'A client claims the enterprise plan', url: 'https://bikes.example/', headers: { 'x-platform-plan': 'enterprise' } },
  ],
  hints: [
    'Log request.cf?.hostMetadata in the dispatcher and send the presets: each custom hostname brings its own object.',
    'Take the script name from hostMetadata.script, check it against /^[a-z0-9_][a-z0-9-_]*$/, and answer 404 when it is missing or invalid.',
    'User Workers have no request.cf. Copy the request with a new header: const headers = new Headers(request.headers); headers.set("x-platform-plan", meta.plan).',
  ],
  checks: [
    {
      name: 'Alice\'s own domain reaches alice-bakery, with her plan',
      async run(ctx) {
        const run = await ctx.send(get('https://shop.alice-bakery.example/'));
        expectStatus(ctx, run, 200, 'shop.alice-bakery.example');
        expectReached(ctx, run, 'alice-bakery', 'shop.alice-bakery.example');
        expectBodyIncludes(ctx, run, 'plan=pro', 'shop.alice-bakery.example (x-platform-plan should be "pro")');
      },
    },
    {
      name: 'Both of Bob\'s domains reach bobs-bikes',
      async run(ctx) {
        for (const host of ['www.bobs-bikes.example', 'bikes.example']) {
          const run = await ctx.send(get(`https://${host}/`));
          expectStatus(ctx, run, 200, host);
          expectReached(ctx, run, 'bobs-bikes', host);
          expectBodyIncludes(ctx, run, 'plan=free', `${host} (x-platform-plan should be "free")`);
        }
      },
    },
    {
      name: 'No usable metadata means 404',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(get('https://pending.carol.example/')), 404, 'pending.carol.example (no metadata)');
        expectStatus(ctx, await ctx.send(get('https://evil.example/')), 404, 'evil.example (metadata script "../admin" is not a script name)');
      },
    },
    {
      name: 'A client cannot choose its own plan',
      async run(ctx) {
        const run = await ctx.send(get('https://bikes.example/', { 'x-platform-plan': 'enterprise' }));
        expectStatus(ctx, run, 200, 'bikes.example with x-platform-plan: enterprise sent by the client');
        expectBodyIncludes(ctx, run, 'plan=free', 'bikes.example (the client sent x-platform-plan: enterprise; the Worker must see the plan from the metadata)');
      },
    },
    {
      name: 'Customers never see request.cf.hostMetadata themselves',
      async run(ctx) {
        expectBodyIncludes(ctx, await ctx.send(get('https://shop.alice-bakery.example/')), 'saw hostMetadata=no', 'shop.alice-bakery.example');
      },
    },
  ],
});
