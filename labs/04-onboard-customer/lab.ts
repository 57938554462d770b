import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectStatus, get } from '../../src/server/labs/check-helpers';

const WONKA = "export default { fetch(request, env) { return new Response('Wonka sweets, served for ' + env.CUSTOMER_NAME); } };";
const WONKA_V2 = "export default { fetch(request, env) { return new Response('Wonka v2: new recipes, still served for ' + env.CUSTOMER_NAME); } };";
const ADMIN = 'https://admin.platform.example/customers';
const ADMIN_KEY = 'adm_lab_8c41e0d7';
/** A customer's own dashboard token: valid for that customer's pages, never for the platform's admin API. */
const ACME_TOKEN = 'cust_acme_5b9e2f';
const asAdmin = { authorization: `Bearer ${ADMIN_KEY}` };
/** A customer name no earlier check or run has used, so each check starts from a clean slate. */
const fresh = () => `wonka-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const calledApi = (hops: Array<{ kind: string; origin?: string }>) => hops.some((h) => h.kind === 'origin' && h.origin === 'cloudflare-api');

export default defineLab({
  id: 'onboard-customer',
  title: 'Onboard, update and remove a customer',
  lesson: 'building/uploading-user-workers',
  goal: 'Write the platform backend that manages customers through the Cloudflare API. POST /customers/<name> (the script is the body) validates the name first — a name the API would refuse gets 400 without any API call — then uploads it into the "production" namespace (main module index.js, a CUSTOMER_NAME plain_text binding, the tag customer-<name>) and answers 201. PUT /customers/<name>/code re-uploads only the code and keeps the CUSTOMER_NAME binding (keep_bindings). DELETE /customers/<name> removes every script tagged customer-<name>. Every admin call needs `Authorization: Bearer <ADMIN_KEY>` (401 without it; a customer\'s own token is not enough), onboarding never takes over an existing script (409), and a re-upload or delete touches only scripts tagged for that customer. Customers are served at <name>.example.com. (The lab keeps the admin API in the dispatcher to stay short; the lesson explains why production keeps the API token in a separate backend.)',
  files: [
    { path: 'platform.js', label: 'Platform backend + dispatcher', editable: true },
    { path: 'tenants/acme-corp.js', label: 'acme-corp' },
    { path: 'platform.json', label: 'Config' },
  ],
  hosts: ['admin.platform.example', 'wonka.example.com', 'acme-corp.example.com'],
  presets: [
    { label: 'Onboard "wonka"', method: 'POST', url: `${ADMIN}/wonka`, headers: { 'content-type': 'application/javascript', ...asAdmin }, body: WONKA },
    { label: 'Visit the new customer', url: 'https://wonka.example.com/' },
    { label: 'Update wonka\'s code only', method: 'PUT', url: `${ADMIN}/wonka/code`, headers: { 'content-type': 'application/javascript', ...asAdmin }, body: WONKA_V2 },
    { label: 'Remove wonka', method: 'DELETE', url: `${ADMIN}/wonka`, headers: asAdmin },
    { label: 'Onboard an invalid name', method: 'POST', url: `${ADMIN}/Wonka_Inc`, headers: asAdmin, body: WONKA },
    { label: 'Attacker: upload without credentials', method: 'POST', url: `${ADMIN}/evil`, body: WONKA },
    { label: 'Attacker: take over acme-corp', method: 'POST', url: `${ADMIN}/acme-corp`, headers: asAdmin, body: WONKA },
    { label: 'Existing customer', url: 'https://acme-corp.example.com/' },
  ],
  hints: [
    'Check the credential first, before anything else: compare the Authorization header with `Bearer ${env.ADMIN_KEY}` (crypto.subtle.timingSafeEqual on equal-length bytes) and answer 401 otherwise.',
    'Validate before you upload: the API accepts script names matching /^[a-z0-9_][a-z0-9-_]*$/. Answer 400 yourself for anything else, so a bad name never reaches the API.',
    'The upload is a PUT to https://api.cloudflare.com/client/v4/accounts/${env.ACCOUNT_ID}/workers/dispatch/namespaces/production/scripts/${name} with Authorization: Bearer ${env.CF_API_TOKEN}. In the lab, that call reaches your sandbox\'s own API.',
    'Send multipart form data: a "metadata" part (JSON: main_module, compatibility_date, bindings, tags) and one part per module, named by its filename: form.append("index.js", new Blob([source], { type: "application/javascript+module" }), "index.js").',
    'A re-upload replaces the bindings with the ones in its metadata. For a code-only update send no bindings and "keep_bindings": ["plain_text"] (binding types, not names).',
    'Before an upload, GET …/scripts/<name>/tags: 404 means the name is free; an existing script is someone\'s, so onboarding answers 409, and a code update needs the tag customer-<name>.',
    'Tag with customer-<name> (the course avoids ":" in tags, since the filter syntax is <tag>:yes). DELETE …/scripts?tags=customer-<name>:yes removes them all. Validate the name on every route: a name like "x:no,customer-acme-corp" would turn your filter into "delete everyone but x".',
  ],
  checks: [
    {
      name: 'The admin API refuses callers without the admin key',
      async run(ctx) {
        for (const [who, headers] of [
          ['no credentials', {}],
          ['a customer\'s own token', { authorization: `Bearer ${ACME_TOKEN}` }],
          ['a wrong key', { authorization: `Bearer ${ADMIN_KEY}x` }],
        ] as const) {
          const name = fresh();
          const run = await ctx.send({ method: 'POST', url: `${ADMIN}/${name}`, headers, body: WONKA });
          expectStatus(ctx, run, [401, 403], `POST /customers/${name} with ${who}`);
          if (calledApi(run.trace.hops)) ctx.fail(`POST /customers/${name} with ${who} reached the Cloudflare API: check the credential before anything else.`);
          if ((await ctx.tagsOf(name)) !== null) ctx.fail(`POST /customers/${name} with ${who} created the script.`);
        }
        const update = await ctx.send({ method: 'PUT', url: `${ADMIN}/acme-corp/code`, body: WONKA });
        expectStatus(ctx, update, [401, 403], 'PUT /customers/acme-corp/code with no credentials');
        const del = await ctx.send({ method: 'DELETE', url: `${ADMIN}/acme-corp`, headers: { authorization: `Bearer ${ACME_TOKEN}` } });
        expectStatus(ctx, del, [401, 403], 'DELETE /customers/acme-corp with a customer\'s token');
        expectBodyIncludes(ctx, await ctx.send(get('https://acme-corp.example.com/')), 'ACME Corp', 'acme-corp.example.com after the refused calls');
      },
    },
    {
      name: 'Onboarding a customer uploads its script and answers 201',
      async run(ctx) {
        const name = fresh();
        const run = await ctx.send({ method: 'POST', url: `${ADMIN}/${name}`, headers: asAdmin, body: WONKA });
        expectStatus(ctx, run, 201, `POST admin.platform.example/customers/${name}`);
        if (!calledApi(run.trace.hops))
          ctx.fail('The backend answered, but the trace shows no call to api.cloudflare.com: the script must be uploaded through the Cloudflare API.');
      },
    },
    {
      name: 'The new customer is served, with its CUSTOMER_NAME binding',
      async run(ctx) {
        const name = fresh();
        await ctx.send({ method: 'POST', url: `${ADMIN}/${name}`, headers: asAdmin, body: WONKA });
        const run = await ctx.send(get(`https://${name}.example.com/`));
        expectStatus(ctx, run, 200, `${name}.example.com after onboarding`);
        expectBodyIncludes(ctx, run, `served for ${name}`, `${name}.example.com (env.CUSTOMER_NAME should be "${name}")`);
      },
    },
    {
      name: 'The script is tagged customer-<name>',
      async run(ctx) {
        const name = fresh();
        await ctx.send({ method: 'POST', url: `${ADMIN}/${name}`, headers: asAdmin, body: WONKA });
        const tags = await ctx.tagsOf(name);
        if (tags === null) return ctx.fail(`There is no script "${name}" in the namespace after onboarding.`);
        if (!tags.includes(`customer-${name}`)) ctx.fail(`Expected the tag "customer-${name}" on the script, but its tags are ${JSON.stringify(tags)}.`);
      },
    },
    {
      name: 'An invalid name is refused with 400 before any call to the API',
      async run(ctx) {
        const run = await ctx.send({ method: 'POST', url: `${ADMIN}/Wonka_Inc`, headers: asAdmin, body: WONKA });
        expectStatus(ctx, run, 400, 'POST admin.platform.example/customers/Wonka_Inc (upper case is not a valid script name)');
        if (calledApi(run.trace.hops))
          ctx.fail('The 400 is right, but the trace shows a call to api.cloudflare.com: validate the name yourself, before you upload, instead of relying on the API\'s error 10016.');
      },
    },
    {
      name: 'Onboarding never takes over an existing customer\'s script',
      async run(ctx) {
        const run = await ctx.send({ method: 'POST', url: `${ADMIN}/acme-corp`, headers: asAdmin, body: WONKA });
        expectStatus(ctx, run, 409, 'POST /customers/acme-corp (acme-corp already exists)');
        const site = await ctx.send(get('https://acme-corp.example.com/'));
        expectBodyIncludes(ctx, site, 'ACME Corp', 'acme-corp.example.com after the attempted takeover');
      },
    },
    {
      name: 'A code-only update keeps the CUSTOMER_NAME binding',
      async run(ctx) {
        const name = fresh();
        await ctx.send({ method: 'POST', url: `${ADMIN}/${name}`, headers: asAdmin, body: WONKA });
        const update = await ctx.send({ method: 'PUT', url: `${ADMIN}/${name}/code`, headers: asAdmin, body: WONKA_V2 });
        expectStatus(ctx, update, [200, 201], `PUT admin.platform.example/customers/${name}/code`);
        const run = await ctx.send(get(`https://${name}.example.com/`));
        expectBodyIncludes(ctx, run, 'Wonka v2', `${name}.example.com after the update (the new code should run)`);
        expectBodyIncludes(ctx, run, `served for ${name}`, `${name}.example.com after the update (CUSTOMER_NAME must survive the re-upload)`);
        const bound = await ctx.bindingsOf(name);
        if (!bound.some((b) => b.name === 'CUSTOMER_NAME')) ctx.fail(`After the update the script's bindings are ${JSON.stringify(bound.map((b) => b.name))}: CUSTOMER_NAME was lost.`);
      },
    },
    {
      name: 'Removing a customer deletes its scripts by tag',
      async run(ctx) {
        const name = fresh();
        await ctx.send({ method: 'POST', url: `${ADMIN}/${name}`, headers: asAdmin, body: WONKA });
        const run = await ctx.send({ method: 'DELETE', url: `${ADMIN}/${name}`, headers: asAdmin });
        expectStatus(ctx, run, [200, 204], `DELETE admin.platform.example/customers/${name}`);
        if ((await ctx.tagsOf(name)) !== null) ctx.fail(`The script "${name}" is still in the namespace after DELETE /customers/${name}.`);
        expectStatus(ctx, await ctx.send(get(`https://${name}.example.com/`)), 404, `${name}.example.com after removal`);
        if ((await ctx.tagsOf('acme-corp')) === null) ctx.fail(`Removing ${name} also deleted acme-corp.`);
      },
    },
    {
      name: 'A crafted name cannot turn a delete into "everyone but x"',
      async run(ctx) {
        // The name would make the filter customer-x:no,customer-acme-corp:yes: every script without customer-x.
        const run = await ctx.send({ method: 'DELETE', url: `${ADMIN}/x%3Ano%2Ccustomer-acme-corp`, headers: asAdmin });
        expectStatus(ctx, run, [400, 404], 'DELETE /customers/x%3Ano%2Ccustomer-acme-corp');
        if ((await ctx.tagsOf('acme-corp')) === null) ctx.fail('A DELETE with the crafted name "x:no,customer-acme-corp" deleted acme-corp: validate the name on every route.');
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
