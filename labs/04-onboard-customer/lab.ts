import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectStatus, get } from '../../src/server/labs/check-helpers';

const WONKA = "export default { fetch(request, env) { return new Response('Wonka sweets, served for ' + env.CUSTOMER_NAME); } };";
const WONKA_V2 = "export default { fetch(request, env) { return new Response('Wonka v2: new recipes, still served for ' + env.CUSTOMER_NAME); } };";
const ADMIN = 'https://admin.platform.example/customers';
const calledApi = (hops: Array<{ kind: string; origin?: string }>) => hops.some((h) => h.kind === 'origin' && h.origin === 'cloudflare-api');

export default defineLab({
  id: 'onboard-customer',
  title: 'Onboard, update and remove a customer',
  lesson: 'building/uploading-user-workers',
  goal: 'Write the platform backend that manages customers through the Cloudflare API. POST /customers/<name> (the script is the body) validates the name first — a name the API would refuse gets 400 without any API call — then uploads it into the "production" namespace (main module index.js, a CUSTOMER_NAME plain_text binding, the tag customer-<name>) and answers 201. PUT /customers/<name>/code re-uploads only the code and keeps the CUSTOMER_NAME binding (keep_bindings). DELETE /customers/<name> removes every script tagged customer-<name>. Customers are served at <name>.example.com.',
  files: [
    { path: 'platform.js', label: 'Platform backend + dispatcher', editable: true },
    { path: 'tenants/acme-corp.js', label: 'acme-corp' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['admin.platform.example', 'wonka.example.com', 'acme-corp.example.com'],
  presets: [
    { label: 'Onboard "wonka"', method: 'POST', url: `${ADMIN}/wonka`, headers: { 'content-type': 'application/javascript' }, body: WONKA },
    { label: 'Visit the new customer', url: 'https://wonka.example.com/' },
    { label: 'Update wonka\'s code only', method: 'PUT', url: `${ADMIN}/wonka/code`, headers: { 'content-type': 'application/javascript' }, body: WONKA_V2 },
    { label: 'Remove wonka', method: 'DELETE', url: `${ADMIN}/wonka` },
    { label: 'Onboard an invalid name', method: 'POST', url: `${ADMIN}/Wonka_Inc`, body: WONKA },
    { label: 'Existing customer', url: 'https://acme-corp.example.com/' },
  ],
  hints: [
    'Validate before you upload: the API accepts script names matching /^[a-z0-9_][a-z0-9-_]*$/. Answer 400 yourself for anything else, so a bad name never reaches the API.',
    'The upload is a PUT to https://api.cloudflare.com/client/v4/accounts/${env.ACCOUNT_ID}/workers/dispatch/namespaces/production/scripts/${name} with Authorization: Bearer ${env.CF_API_TOKEN}. In the lab, that call reaches your sandbox\'s own API.',
    'Send multipart form data: a "metadata" part (JSON: main_module, compatibility_date, bindings, tags) and one part per module, named by its filename: form.append("index.js", new Blob([source], { type: "application/javascript+module" }), "index.js").',
    'A re-upload replaces the bindings with the ones in its metadata. For a code-only update send no bindings and "keep_bindings": ["plain_text"] (binding types, not names).',
    'Tag with customer-<name>, not customer:<name>: the filter syntax is <tag>:yes. Then DELETE …/scripts?tags=customer-<name>:yes removes them all.',
  ],
  checks: [
    {
      name: 'Onboarding a customer uploads its script and answers 201',
      async run(ctx) {
        const run = await ctx.send({ method: 'POST', url: `${ADMIN}/wonka`, body: WONKA });
        expectStatus(ctx, run, 201, 'POST admin.platform.example/customers/wonka');
        if (!calledApi(run.trace.hops))
          ctx.fail('The backend answered, but the trace shows no call to api.cloudflare.com: the script must be uploaded through the Cloudflare API.');
      },
    },
    {
      name: 'The new customer is served, with its CUSTOMER_NAME binding',
      async run(ctx) {
        await ctx.send({ method: 'POST', url: `${ADMIN}/wonka`, body: WONKA });
        const run = await ctx.send(get('https://wonka.example.com/'));
        expectStatus(ctx, run, 200, 'wonka.example.com after onboarding');
        expectBodyIncludes(ctx, run, 'served for wonka', 'wonka.example.com (env.CUSTOMER_NAME should be "wonka")');
      },
    },
    {
      name: 'The script is tagged customer-<name>',
      async run(ctx) {
        await ctx.send({ method: 'POST', url: `${ADMIN}/wonka`, body: WONKA });
        const tags = await ctx.tagsOf('wonka');
        if (tags === null) return ctx.fail('There is no script "wonka" in the namespace after onboarding.');
        if (!tags.includes('customer-wonka')) ctx.fail(`Expected the tag "customer-wonka" on the script, but its tags are ${JSON.stringify(tags)}.`);
      },
    },
    {
      name: 'An invalid name is refused with 400 before any call to the API',
      async run(ctx) {
        const run = await ctx.send({ method: 'POST', url: `${ADMIN}/Wonka_Inc`, body: WONKA });
        expectStatus(ctx, run, 400, 'POST admin.platform.example/customers/Wonka_Inc (upper case is not a valid script name)');
        if (calledApi(run.trace.hops))
          ctx.fail('The 400 is right, but the trace shows a call to api.cloudflare.com: validate the name yourself, before you upload, instead of relying on the API\'s error 10016.');
      },
    },
    {
      name: 'A code-only update keeps the CUSTOMER_NAME binding',
      async run(ctx) {
        await ctx.send({ method: 'POST', url: `${ADMIN}/wonka`, body: WONKA });
        const update = await ctx.send({ method: 'PUT', url: `${ADMIN}/wonka/code`, body: WONKA_V2 });
        expectStatus(ctx, update, [200, 201], 'PUT admin.platform.example/customers/wonka/code');
        const run = await ctx.send(get('https://wonka.example.com/'));
        expectBodyIncludes(ctx, run, 'Wonka v2', 'wonka.example.com after the update (the new code should run)');
        expectBodyIncludes(ctx, run, 'served for wonka', 'wonka.example.com after the update (CUSTOMER_NAME must survive the re-upload)');
        const bound = await ctx.bindingsOf('wonka');
        if (!bound.some((b) => b.name === 'CUSTOMER_NAME')) ctx.fail(`After the update the script's bindings are ${JSON.stringify(bound.map((b) => b.name))}: CUSTOMER_NAME was lost.`);
      },
    },
    {
      name: 'Removing a customer deletes its scripts by tag',
      async run(ctx) {
        await ctx.send({ method: 'POST', url: `${ADMIN}/wonka`, body: WONKA });
        const run = await ctx.send({ method: 'DELETE', url: `${ADMIN}/wonka` });
        expectStatus(ctx, run, [200, 204], 'DELETE admin.platform.example/customers/wonka');
        if ((await ctx.tagsOf('wonka')) !== null) ctx.fail('The script "wonka" is still in the namespace after DELETE /customers/wonka.');
        expectStatus(ctx, await ctx.send(get('https://wonka.example.com/')), 404, 'wonka.example.com after removal');
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
