import { defineLab } from '../../src/schemas/lab';
import { expectBodyExcludes, expectBodyIncludes, expectStatus, get } from '../../src/server/labs/check-helpers';

const PAYMENTS_KEY = 'pk_lab_51c0ffee';

export default defineLab({
  id: 'outbound-worker',
  title: 'Outbound Worker',
  lesson: 'building/outbound-workers',
  goal: 'Every fetch() a customer Worker makes goes through your outbound Worker. Allow only weather.example and payments.example (answer 403 for anything else), add shop\'s payments key (PAYMENTS_KEY_SHOP: the key of shop\'s own merchant account) as an Authorization header only on POST https://payments.example/charge (exactly that scheme, host, port, method and path) and only for shop, which has a payments contract — bakery has none — and log each request with the customer\'s name, which the gateway passes as the outbound parameter "customer".',
  stubs: [
    { origin: 'https://weather.example', routes: [{ path: '/today', body: '{"forecast":"sunny","celsius":21}', headers: { 'content-type': 'application/json' } }] },
    // Like a real API: it checks the key and never repeats it back (an echoing upstream would hand it to the tenant).
    {
      origin: 'https://payments.example',
      routes: [
        { path: '/charge', method: 'POST', requireHeaders: { authorization: `Bearer ${PAYMENTS_KEY}` }, body: '{"charged":true}', headers: { 'content-type': 'application/json' } },
        { path: '/refund', method: 'POST', requireHeaders: { authorization: `Bearer ${PAYMENTS_KEY}` }, body: '{"refunded":true}', headers: { 'content-type': 'application/json' } },
      ],
    },
    // The same API over cleartext HTTP and on another port: a key sent here has left the platform's control.
    { origin: 'http://payments.example', routes: [{ path: '/charge', method: 'POST', requireHeaders: { authorization: `Bearer ${PAYMENTS_KEY}` }, body: '{"charged":true,"over":"http"}' }] },
    { origin: 'https://payments.example:8443', routes: [{ path: '/charge', method: 'POST', requireHeaders: { authorization: `Bearer ${PAYMENTS_KEY}` }, body: '{"charged":true,"over":"port 8443"}' }] },
    { origin: 'https://evil.example', routes: [{ path: '/collect', method: 'POST', status: 204 }] },
  ],
  files: [
    { path: 'outbound.js', label: 'Outbound Worker', editable: true },
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'tenants/shop.js', label: 'shop' },
    { path: 'tenants/bakery.js', label: 'bakery' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['shop.example.com', 'bakery.example.com'],
  presets: [
    { label: 'shop: weather widget', url: 'https://shop.example.com/weather' },
    { label: 'shop: take a payment', url: 'https://shop.example.com/pay', method: 'POST', body: '{"amount":1999}', headers: { 'content-type': 'application/json' } },
    { label: 'shop: "analytics" to evil.example', url: 'https://shop.example.com/analytics' },
    { label: 'compromised shop code: the key over http://', url: 'https://shop.example.com/compromised/http' },
    { label: 'compromised shop code: a refund', url: 'https://shop.example.com/compromised/refund' },
    { label: 'bakery (no contract) tries to charge', url: 'https://bakery.example.com/pay' },
  ],
  hints: [
    'In the outbound Worker, new URL(request.url).hostname tells you where the customer is going. Return new Response("blocked", { status: 403 }) for hosts not on your list.',
    'To add a header, copy the request: const headers = new Headers(request.headers); headers.set("authorization", `Bearer ${key}`); return fetch(new Request(request, { headers })).',
    'Compare url.origin (scheme, host and port together) with "https://payments.example", not the hostname, and allow-list `${request.method} ${url.pathname}`: a key added to http:// travels in cleartext, and a key the tenant can use on any path is a key it can refund with.',
    'Pick the key by tenant: a Map from customer name to key (new Map([["shop", env.PAYMENTS_KEY_SHOP]])). A tenant with no entry gets no key (403).',
    'The binding in platform.json declares "parameters": ["customer"], like Wrangler. The gateway passes the value with env.DISPATCHER.get(name, {}, { outbound: { customer: name } }); the outbound Worker reads env.customer.',
  ],
  checks: [
    {
      name: 'Allowed APIs still work',
      async run(ctx) {
        const run = await ctx.send(get('https://shop.example.com/weather'));
        expectStatus(ctx, run, 200, 'shop.example.com/weather');
        expectBodyIncludes(ctx, run, 'sunny', 'shop.example.com/weather');
      },
    },
    {
      name: 'Other hosts are blocked by the outbound Worker',
      async run(ctx) {
        const run = await ctx.send(get('https://shop.example.com/analytics'));
        expectStatus(ctx, run, 200, 'shop.example.com/analytics');
        expectBodyIncludes(ctx, run, 'upstream said 403', 'shop.example.com/analytics (evil.example should get 403 from your outbound Worker)');
        if (run.trace.hops.some((h) => h.kind === 'origin' && h.worker === 'evil.example'))
          ctx.fail('The request to evil.example left the platform (it appears in the trace); the outbound Worker must answer it itself.');
      },
    },
    {
      name: 'payments.example gets the platform\'s key; the customer never sees it',
      async run(ctx) {
        const run = await ctx.send({ method: 'POST', url: 'https://shop.example.com/pay', body: '{"amount":1999}', headers: { 'content-type': 'application/json' } });
        expectStatus(ctx, run, 200, 'shop.example.com/pay');
        expectBodyIncludes(ctx, run, '"charged":true', 'shop.example.com/pay (payments.example answers 401 without the platform\'s key)');
        expectBodyExcludes(ctx, run, PAYMENTS_KEY, 'shop.example.com/pay (the key must never reach the customer or the client)');
        const bound = await ctx.bindingsOf('shop');
        if (bound.length > 0) ctx.fail(`The shop Worker should have no bindings, but it has ${bound.map((b) => b.name).join(', ')}.`);
      },
    },
    {
      name: 'The key goes only to POST https://payments.example/charge',
      async run(ctx) {
        for (const [path, what] of [
          ['/compromised/http', 'http://payments.example (cleartext)'],
          ['/compromised/port', 'https://payments.example:8443 (another port)'],
          ['/compromised/refund', 'POST /refund (a path the platform never meant to pay for)'],
        ]) {
          const run = await ctx.send(get(`https://shop.example.com${path}`));
          expectStatus(ctx, run, 200, `shop.example.com${path}`);
          expectBodyExcludes(ctx, run, 'charged', `${what}: the call succeeded, so it carried the key`);
          expectBodyExcludes(ctx, run, 'refunded', `${what}: the call succeeded, so it carried the key`);
        }
      },
    },
    {
      name: 'A tenant without a payments contract gets no key',
      async run(ctx) {
        const run = await ctx.send(get('https://bakery.example.com/pay'));
        expectStatus(ctx, run, 200, 'bakery.example.com/pay');
        expectBodyExcludes(ctx, run, 'charged', 'bakery.example.com/pay (bakery charged with shop\'s key: keys must be per tenant)');
      },
    },
    {
      name: 'Egress is logged with the customer\'s name',
      async run(ctx) {
        const run = await ctx.send(get('https://shop.example.com/weather'));
        const line = run.logs.find((l) => l.worker === 'egress' && l.message.includes('shop') && l.message.includes('weather.example'));
        if (!line)
          ctx.fail(`Expected a log line from the outbound Worker "egress" naming the customer "shop" and the host weather.example; its lines were: ${JSON.stringify(run.logs.filter((l) => l.worker === 'egress').map((l) => l.message)) || 'none'}.`);
      },
    },
  ],
});
