import { defineLab } from '../../src/schemas/lab';
import { expectBodyExcludes, expectBodyIncludes, expectNotReached, expectStatus, get } from '../../src/server/labs/check-helpers';

const VERSION_HEADERS = {
  'cloudflare-workers-version-overrides': 'inspector="00000000-0000-4000-8000-000000000000"',
  'cloudflare-workers-version-key': 'pin-me-to-the-canary',
};

export default defineLab({
  id: 'suspend-and-strip',
  title: 'Suspend an abusive tenant; keep version selection away from clients',
  lesson: 'operating/abuse-and-offboarding',
  goal: 'The abuse desk has suspended phishy, which hosts a fake bank login: TENANT_STATUS["phishy"] is "suspended". Make the gateway answer 503 for a suspended tenant without running its code, read the status on every request (so suspending or reinstating takes no redeploy), and remove the Cloudflare-Workers-Version-Overrides and Cloudflare-Workers-Version-Key request headers before any tenant sees them. Other tenants keep working; an unknown tenant is 404.',
  resources: { kv: { 'tenant-status': { phishy: 'suspended', acme: 'active' } } },
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'platform.json', label: 'Config' },
    { path: 'tenants/phishy.js', label: 'phishy (suspended)' },
    { path: 'tenants/acme.js', label: 'acme' },
    { path: 'tenants/inspector.js', label: 'inspector' },
  ],
  hosts: ['phishy.example.com', 'acme.example.com', 'inspector.example.com', 'nobody.example.com'],
  presets: [
    { label: 'The suspended tenant', url: 'https://phishy.example.com/' },
    { label: 'A client picks a version', url: 'https://inspector.example.com/', headers: VERSION_HEADERS },
    { label: 'A healthy tenant', url: 'https://acme.example.com/' },
    { label: 'Unknown tenant', url: 'https://nobody.example.com/' },
  ],
  hints: [
    'Before you dispatch: if ((await env.TENANT_STATUS.get(customer)) === "suspended") return a 503 with a short, generic body.',
    'A 503 from the platform is not a 404: the site exists and may come back, and your logs and support team should see it as a suspension.',
    'Copy the headers, delete both version headers, and dispatch a new Request(request, { headers }). Headers are case-insensitive, so delete() by name catches every spelling.',
  ],
  checks: [
    {
      name: 'A suspended tenant gets 503 from the platform, and its code does not run',
      async run(ctx) {
        const run = await ctx.send(get('https://phishy.example.com/'));
        expectStatus(ctx, run, 503, 'phishy.example.com (suspended)');
        expectBodyExcludes(ctx, run, 'Sign in to your bank', 'phishy.example.com (the phishing page)');
        expectNotReached(ctx, run, 'phishy', 'phishy.example.com (suspended)');
      },
    },
    {
      name: 'Suspending and reinstating takes effect without a redeploy',
      async run(ctx) {
        const status = await ctx.kv('tenant-status');
        try {
          await status.put('acme', 'suspended');
          expectStatus(ctx, await ctx.send(get('https://acme.example.com/')), 503, 'acme.example.com right after the abuse desk suspended it');
          await status.put('acme', 'active');
          const back = await ctx.send(get('https://acme.example.com/'));
          expectStatus(ctx, back, 200, 'acme.example.com after it was reinstated');
          expectBodyIncludes(ctx, back, 'ACME', 'acme.example.com after it was reinstated');
        } finally {
          await status.put('acme', 'active');
        }
      },
    },
    {
      name: 'Clients cannot choose a tenant\'s version',
      async run(ctx) {
        const run = await ctx.send(get('https://inspector.example.com/', VERSION_HEADERS));
        expectStatus(ctx, run, 200, 'inspector.example.com');
        expectBodyIncludes(ctx, run, '"versionHeadersSeen":[]', 'inspector.example.com (it lists the version headers that reached it)');
      },
    },
    {
      name: 'Healthy tenants are served; an unknown tenant is 404',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(get('https://acme.example.com/')), 200, 'acme.example.com');
        expectStatus(ctx, await ctx.send(get('https://nobody.example.com/')), 404, 'nobody.example.com');
      },
    },
  ],
});
