import { defineLab, type CheckContext } from '../../src/schemas/lab';
import { expectBodyExcludes, expectStatus, get } from '../../src/server/labs/check-helpers';

const quote = (customer: string, items: number) => get(`https://api.platform.example/quote/${customer}?items=${items}`);

function expectQuote(ctx: CheckContext, body: string, expected: Record<string, unknown>, what: string) {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return ctx.fail(`${what}: expected a JSON quote, but the body was "${body.slice(0, 120)}".`);
  }
  for (const [key, value] of Object.entries(expected))
    if (json[key] !== value) ctx.fail(`${what}: expected ${key} to be ${JSON.stringify(value)}, but the quote was ${JSON.stringify(json)}.`);
}

export default defineLab({
  id: 'rpc-entrypoint',
  title: 'Call a customer\'s Worker over RPC',
  lesson: 'building/dynamic-dispatch',
  goal: 'Each customer ships a pricing plug-in: a user Worker whose default export is a WorkerEntrypoint with a quote(items) method, and no web pages. Make GET api.platform.example/quote/<customer>?items=<n> call quote() over RPC through the dispatch namespace and answer JSON { customer, items, currency, total }: 404 for a customer that does not exist, 502 (without the plug-in\'s error text) for one whose quote() throws. A plug-in\'s result is untrusted input: answer only a quote whose currency is a three-letter code (EUR, USD, GBP) and whose total is a finite number, and 502 for anything else (sneaky returns markup and text).',
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'tenants/acme.js', label: 'acme' },
    { path: 'tenants/globex.js', label: 'globex' },
    { path: 'tenants/broken.js', label: 'broken' },
    { path: 'tenants/sneaky.js', label: 'sneaky (hostile)' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['api.platform.example'],
  presets: [
    { label: 'Quote 3 items from acme', url: 'https://api.platform.example/quote/acme?items=3' },
    { label: 'Quote 12 items from globex', url: 'https://api.platform.example/quote/globex?items=12' },
    { label: 'A customer whose plug-in throws', url: 'https://api.platform.example/quote/broken?items=1' },
    { label: 'A customer that does not exist', url: 'https://api.platform.example/quote/initech?items=1' },
    { label: 'A plug-in that returns junk', url: 'https://api.platform.example/quote/sneaky?items=1' },
  ],
  hints: [
    'env.DISPATCHER.get(name) returns a stub. When the user Worker\'s default export is a WorkerEntrypoint, you can call its methods on that stub: await env.DISPATCHER.get(name).quote(items).',
    'RPC results are ordinary values, chosen by the customer\'s code: check them before you answer with them. typeof total === "number" && Number.isFinite(total), and currency in an allow-list; build the answer from those two fields only.',
    'A missing Worker surfaces when you call the method, as an exception whose message starts with "Worker not found". Anything else thrown by quote() is the customer\'s failure: answer 502 with your own message.',
  ],
  checks: [
    {
      name: 'acme quotes over RPC',
      async run(ctx) {
        const run = await ctx.send(quote('acme', 3));
        expectStatus(ctx, run, 200, 'quote/acme?items=3');
        expectQuote(ctx, run.body, { customer: 'acme', items: 3, currency: 'EUR', total: 15 }, 'quote/acme?items=3');
      },
    },
    {
      name: 'globex quotes with its own rules',
      async run(ctx) {
        const run = await ctx.send(quote('globex', 12));
        expectStatus(ctx, run, 200, 'quote/globex?items=12');
        expectQuote(ctx, run.body, { customer: 'globex', items: 12, currency: 'USD', total: 84 }, 'quote/globex?items=12');
      },
    },
    {
      name: 'A customer that does not exist gets 404',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(quote('initech', 1)), 404, 'quote/initech (no such Worker)');
      },
    },
    {
      name: 'A plug-in that throws gets 502, without its error text',
      async run(ctx) {
        const run = await ctx.send(quote('broken', 1));
        expectStatus(ctx, run, 502, 'quote/broken (its quote() throws)');
        expectBodyExcludes(ctx, run, '/srv/broken', 'quote/broken');
        expectBodyExcludes(ctx, run, 'price table missing', 'quote/broken');
      },
    },
    {
      name: 'A plug-in\'s junk result is not passed on as the platform\'s answer',
      async run(ctx) {
        const run = await ctx.send(quote('sneaky', 1));
        expectStatus(ctx, run, 502, 'quote/sneaky (its quote() returns markup as currency and text as total)');
        expectBodyExcludes(ctx, run, '<img', 'quote/sneaky');
        expectBodyExcludes(ctx, run, 'xxxxxxxxxx', 'quote/sneaky (extra fields of the plug-in\'s result)');
      },
    },
  ],
});
