import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectStatus, get } from '../../src/server/labs/check-helpers';

const WONKA = "export default { fetch(request, env) { return new Response('Wonka sweets, served for ' + env.CUSTOMER_NAME); } };";

export default defineLab({
  id: 'onboard-customer',
  title: 'Onboard a customer',
  lesson: 'building/uploading-user-workers',
  goal: 'Write the platform backend step that onboards a customer: POST https://admin.platform.example/customers/<name> with the customer\'s script as the body must upload it into the "production" namespace through the Cloudflare API (main module index.js, a CUSTOMER_NAME plain_text binding, the tag customer:<name>) and answer 201; the new customer is then served at <name>.example.com. A name the platform rejects must come back as a 400.',
  files: [
    { path: 'platform.js', label: 'Platform backend + dispatcher', editable: true },
    { path: 'tenants/acme-corp.js', label: 'acme-corp' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['admin.platform.example', 'wonka.example.com', 'acme-corp.example.com'],
  presets: [
    { label: 'Onboard "wonka"', method: 'POST', url: 'https://admin.platform.example/customers/wonka', headers: { 'content-type': 'application/javascript' }, body: WONKA },
    { label: 'Visit the new customer', url: 'https://wonka.example.com/' },
    { label: 'Onboard an invalid name', method: 'POST', url: 'https://admin.platform.example/customers/Wonka_Inc', body: WONKA },
    { label: 'Existing customer', url: 'https://acme-corp.example.com/' },
  ],
  hints: [
    'The upload is a PUT to https://api.cloudflare.com/client/v4/accounts/${env.ACCOUNT_ID}/workers/dispatch/namespaces/production/scripts/${name} with Authorization: Bearer ${env.CF_API_TOKEN}. In the lab, that call reaches your sandbox\'s own API.',
    'Send multipart form data: a "metadata" part (JSON: main_module, compatibility_date, bindings, tags) and one part per module, named by its filename: form.append("index.js", new Blob([source], { type: "application/javascript+module" }), "index.js").',
    'The API answers { success, errors, result }. When success is false, pass the first error\'s message back with status 400.',
  ],
  checks: [
    {
      name: 'Onboarding a customer uploads its script and answers 201',
      async run(ctx) {
        const run = await ctx.send({ method: 'POST', url: 'https://admin.platform.example/customers/wonka', body: WONKA });
        expectStatus(ctx, run, 201, 'POST admin.platform.example/customers/wonka');
        if (!run.trace.hops.some((h) => h.kind === 'origin' && h.origin === 'cloudflare-api'))
          ctx.fail('The backend answered, but the trace shows no call to api.cloudflare.com: the script must be uploaded through the Cloudflare API.');
      },
    },
    {
      name: 'The new customer is served, with its CUSTOMER_NAME binding',
      async run(ctx) {
        await ctx.send({ method: 'POST', url: 'https://admin.platform.example/customers/wonka', body: WONKA });
        const run = await ctx.send(get('https://wonka.example.com/'));
        expectStatus(ctx, run, 200, 'wonka.example.com after onboarding');
        expectBodyIncludes(ctx, run, 'served for wonka', 'wonka.example.com (env.CUSTOMER_NAME should be "wonka")');
      },
    },
    {
      name: 'The script is tagged customer:<name>',
      async run(ctx) {
        await ctx.send({ method: 'POST', url: 'https://admin.platform.example/customers/wonka', body: WONKA });
        const tags = await ctx.tagsOf('wonka');
        if (tags === null) return ctx.fail('There is no script "wonka" in the namespace after onboarding.');
        if (!tags.includes('customer:wonka')) ctx.fail(`Expected the tag "customer:wonka" on the script, but its tags are ${JSON.stringify(tags)}.`);
      },
    },
    {
      name: 'A name the platform rejects comes back as 400 with the reason',
      async run(ctx) {
        const run = await ctx.send({ method: 'POST', url: 'https://admin.platform.example/customers/Wonka_Inc', body: WONKA });
        expectStatus(ctx, run, 400, 'POST admin.platform.example/customers/Wonka_Inc (upper case is not a valid script name)');
      },
    },
    {
      name: 'Existing customers keep working',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(get('https://acme-corp.example.com/')), 200, 'acme-corp.example.com');
      },
    },
  ],
});
