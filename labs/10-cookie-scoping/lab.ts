import { defineLab, type CheckContext, type CheckRun } from '../../src/schemas/lab';
import { expectBodyExcludes, expectBodyIncludes, expectStatus, get } from '../../src/server/labs/check-helpers';

const OLD_SESSION = 'sess-old-domain-wide';
const NEW_SESSION = 'sess-4f2a9c';
const setCookieOf = (run: CheckRun) => Object.entries(run.headers).filter(([k]) => k.toLowerCase() === 'set-cookie').map(([, v]) => v).join('\n');

function expectNoPlatformCookieSet(ctx: CheckContext, run: CheckRun, what: string) {
  const set = setCookieOf(run);
  if (/platform_session/.test(set)) ctx.fail(`${what}: a customer's response may not set the platform's session cookie, but it reached the browser: "${set}".`);
  if (/domain\s*=/i.test(set)) ctx.fail(`${what}: a customer's response may not set cookies for the whole domain, but this one did: "${set}".`);
}

export default defineLab({
  id: 'cookie-scoping',
  title: 'A hostile tenant on your domain: scope the platform\'s cookies',
  lesson: 'isolation/isolation-and-security',
  goal: 'Customers live at <customer>.platform.example, next to the platform\'s dashboard at app.platform.example. mallory repeats every cookie it receives and tries to set the platform\'s session cookie. Fix the dispatcher: the dashboard\'s session cookie must be host-only (no Domain attribute, the __Host- prefix), the platform\'s cookies must never reach a customer\'s Worker, and a customer may never set them or any cookie for the whole domain — while the bakery\'s own login cookie keeps working both ways. Tenants\' pages are on the same site as the dashboard, so SameSite does not stop them from sending it requests: the dashboard\'s state-changing POST /settings/email must also require an Origin of exactly https://app.platform.example (403 otherwise).',
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'tenants/mallory.js', label: 'mallory (hostile)' },
    { path: 'tenants/bakery.js', label: 'bakery' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['app.platform.example', 'mallory.platform.example', 'bakery.platform.example'],
  presets: [
    { label: 'Log in to the dashboard', url: 'https://app.platform.example/login' },
    { label: 'Visit mallory with the platform\'s cookies', url: 'https://mallory.platform.example/', headers: { cookie: `platform_session=${OLD_SESSION}; __Host-platform_session=${NEW_SESSION}; mallory_pref=dark` } },
    { label: 'mallory tries to set the platform\'s session', url: 'https://mallory.platform.example/hijack' },
    { label: 'mallory tosses a domain-wide cookie', url: 'https://mallory.platform.example/toss' },
    { label: 'A page on mallory posts to the dashboard (CSRF)', method: 'POST', url: 'https://app.platform.example/settings/email', headers: { cookie: `__Host-platform_session=${NEW_SESSION}`, origin: 'https://mallory.platform.example' }, body: 'email=mallory@evil.example' },
    { label: 'The bakery\'s own login', url: 'https://bakery.platform.example/account', headers: { cookie: `bakery_session=b-789; __Host-platform_session=${NEW_SESSION}` } },
  ],
  hints: [
    'Log in to the dashboard and read the Set-Cookie header: Domain=platform.example sends the cookie to every customer\'s subdomain. Drop the Domain attribute and rename the cookie __Host-platform_session (browsers then require Secure, Path=/ and no Domain).',
    'Browsers may still hold the old domain-wide cookie. Before calling a customer\'s Worker, rebuild the Cookie header without the cookies whose names start with platform_ or __Host-platform_, and keep the rest.',
    'On the way back, response.headers.getSetCookie() gives each Set-Cookie separately. Keep the customer\'s own cookies; drop any that name a platform cookie or carry a Domain attribute.',
    'Do not delete the whole Cookie or Set-Cookie header: the bakery\'s login needs its own cookie in both directions.',
    'mallory.platform.example and app.platform.example share a registrable domain, so they are the same site: SameSite=Lax cookies go along with a form mallory posts to the dashboard. For non-GET requests, compare request.headers.get("origin") with "https://app.platform.example" and answer 403 otherwise (or use CSRF tokens).',
  ],
  checks: [
    {
      name: 'The dashboard\'s session cookie is host-only',
      async run(ctx) {
        const run = await ctx.send(get('https://app.platform.example/login'));
        expectStatus(ctx, run, 200, 'app.platform.example/login');
        const set = setCookieOf(run);
        if (!set.startsWith('__Host-platform_session=')) ctx.fail(`The dashboard should set "__Host-platform_session=…", but it sent "${set}".`);
        if (/domain\s*=/i.test(set)) ctx.fail(`The session cookie still has a Domain attribute, so browsers send it to every customer: "${set}".`);
        if (!/;\s*Secure/i.test(set) || !/;\s*Path=\//i.test(set)) ctx.fail(`A __Host- cookie needs Secure and Path=/: "${set}".`);
      },
    },
    {
      name: 'The platform\'s cookies never reach a customer\'s Worker',
      async run(ctx) {
        const run = await ctx.send(get('https://mallory.platform.example/', { cookie: `platform_session=${OLD_SESSION}; __Host-platform_session=${NEW_SESSION}; mallory_pref=dark` }));
        expectStatus(ctx, run, 200, 'mallory.platform.example');
        expectBodyExcludes(ctx, run, OLD_SESSION, 'mallory.platform.example (the old domain-wide session)');
        expectBodyExcludes(ctx, run, NEW_SESSION, 'mallory.platform.example (the dashboard session)');
        expectBodyIncludes(ctx, run, 'mallory_pref=dark', 'mallory.platform.example (its own cookie must still arrive)');
      },
    },
    {
      name: 'A customer cannot set the platform\'s cookies',
      async run(ctx) {
        const run = await ctx.send(get('https://mallory.platform.example/hijack'));
        expectNoPlatformCookieSet(ctx, run, 'mallory.platform.example/hijack');
        if (!setCookieOf(run).includes('mallory_pref=dark')) ctx.fail('mallory.platform.example/hijack: mallory\'s own, harmless cookie (mallory_pref) should still be set.');
      },
    },
    {
      name: 'A customer cannot toss a cookie over the whole domain',
      async run(ctx) {
        const run = await ctx.send(get('https://mallory.platform.example/toss'));
        const set = setCookieOf(run);
        if (/domain\s*=/i.test(set)) ctx.fail(`mallory.platform.example/toss: a cookie with a Domain attribute reached the browser, so it will be sent to the dashboard and every customer: "${set}". Drop (or make host-only) every customer Set-Cookie with a Domain attribute, whatever its name.`);
      },
    },
    {
      name: 'The dashboard refuses state-changing requests from tenants\' pages (CSRF)',
      async run(ctx) {
        const post = (origin?: string) =>
          ctx.send({ method: 'POST', url: 'https://app.platform.example/settings/email', headers: { cookie: `__Host-platform_session=${NEW_SESSION}`, ...(origin ? { origin } : {}) }, body: 'email=new@example.com' });
        expectStatus(ctx, await post('https://mallory.platform.example'), 403, 'POST app.platform.example/settings/email from a page on mallory.platform.example (same site, other origin)');
        expectStatus(ctx, await post(), 403, 'POST app.platform.example/settings/email with no Origin header');
        expectStatus(ctx, await post('https://app.platform.example'), 200, 'POST app.platform.example/settings/email from the dashboard itself');
      },
    },
    {
      name: 'The bakery\'s own login still works both ways',
      async run(ctx) {
        const login = await ctx.send(get('https://bakery.platform.example/login'));
        if (!setCookieOf(login).includes('bakery_session=b-789')) ctx.fail(`bakery.platform.example/login: the bakery's own Set-Cookie must reach the browser, but got "${setCookieOf(login)}".`);
        const run = await ctx.send(get('https://bakery.platform.example/account', { cookie: `bakery_session=b-789; __Host-platform_session=${NEW_SESSION}` }));
        expectStatus(ctx, run, 200, 'bakery.platform.example/account (its own bakery_session cookie must arrive)');
      },
    },
  ],
});
