import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectStatus, get } from '../../src/server/labs/check-helpers';

const ANN_V2 = "export default { async fetch(request, env) { const items = (await env.CARTS.get('cart:1')) ?? 'empty'; return new Response(`ann-shop v2: cart ${items}, payment key ${env.PAYMENT_KEY ? 'present' : 'missing'}`); } };";
const ADMIN = 'https://admin.platform.example';
const ANN = { 'x-customer-token': 'tok_ann_3c9f1e' };
const ANNA = { 'x-customer-token': 'tok_anna_7d2b80' };

export default defineLab({
  id: 'reupload-and-offboard',
  title: 'Re-upload without losing bindings, then offboard by tag',
  lesson: 'building/uploading-user-workers',
  goal: 'Ann\'s shop has a KV namespace (CARTS) and her own payment key (a secret). When she saves new code, PUT admin.platform.example/scripts/<script>/code must re-upload only the code and keep both bindings. When she leaves, DELETE admin.platform.example/customers/ann must remove every script tagged customer-ann (her shop and her API) in one call to the Cloudflare API, and nothing of the customer "anna". Both calls come from the customer\'s dashboard with its own token in X-Customer-Token (CUSTOMER_TOKENS maps token → customer): no token is 401, and a customer may change or delete only what is tagged as theirs (403 otherwise).',
  resources: { kv: { 'ann-carts': { 'cart:1': '3 scarves' }, 'anna-carts': { 'cart:1': '12 tulips' } } },
  files: [
    { path: 'platform.js', label: 'Platform backend + dispatcher', editable: true },
    { path: 'platform.json', label: 'Config' },
    { path: 'tenants/ann-shop.js', label: 'ann-shop' },
    { path: 'tenants/ann-api.js', label: 'ann-api' },
    { path: 'tenants/anna-shop.js', label: 'anna-shop' },
  ],
  hosts: ['admin.platform.example', 'ann-shop.example.com', 'ann-api.example.com', 'anna-shop.example.com'],
  presets: [
    { label: 'Ann\'s shop today', url: 'https://ann-shop.example.com/' },
    { label: 'Ann saves new code', method: 'PUT', url: `${ADMIN}/scripts/ann-shop/code`, headers: { 'content-type': 'application/javascript', ...ANN }, body: ANN_V2 },
    { label: 'Ann leaves', method: 'DELETE', url: `${ADMIN}/customers/ann`, headers: ANN },
    { label: 'Anna tries to change Ann\'s shop', method: 'PUT', url: `${ADMIN}/scripts/ann-shop/code`, headers: { 'content-type': 'application/javascript', ...ANNA }, body: ANN_V2 },
    { label: 'No token: delete Ann', method: 'DELETE', url: `${ADMIN}/customers/ann` },
    { label: 'Anna\'s shop', url: 'https://anna-shop.example.com/' },
  ],
  hints: [
    'Who is calling? const customer = Object.hasOwn(env.CUSTOMER_TOKENS, token) ? env.CUSTOMER_TOKENS[token] : null. No customer: 401.',
    'Ownership by tag: before the re-upload, GET …/scripts/<script>/tags and require customer-<customer>; a DELETE of /customers/<name> is allowed only when <name> is the caller.',
    'Send the "Ann saves new code" preset, then "Ann\'s shop today": the new code runs, but CARTS and PAYMENT_KEY are gone. A re-upload replaces the bindings with the ones in its metadata.',
    'Add "keep_bindings": ["kv_namespace", "secret_text"] to the metadata of the code-only upload. It lists binding types, not names.',
    'To remove a customer, delete by tag: DELETE …/workers/dispatch/namespaces/production/scripts?tags=customer-ann:yes (always :yes; a :no deletes everyone else). Each run of the lab starts again from the customers in platform.json.',
  ],
  checks: [
    {
      name: 'The admin API refuses calls without a customer token',
      async run(ctx) {
        const update = await ctx.send({ method: 'PUT', url: `${ADMIN}/scripts/ann-shop/code`, body: 'export default { fetch() { return new Response("defaced"); } };' });
        expectStatus(ctx, update, [401, 403], 'PUT /scripts/ann-shop/code without X-Customer-Token');
        const del = await ctx.send({ method: 'DELETE', url: `${ADMIN}/customers/ann`, headers: { 'x-customer-token': 'tok_guess' } });
        expectStatus(ctx, del, [401, 403], 'DELETE /customers/ann with an unknown token');
        const site = await ctx.send(get('https://ann-shop.example.com/'));
        expectBodyIncludes(ctx, site, 'ann-shop', 'ann-shop.example.com after the refused calls');
        if (site.body.includes('defaced')) ctx.fail('ann-shop.example.com serves the code uploaded without a token.');
        if ((await ctx.tagsOf('ann-api')) === null) ctx.fail('ann-api was deleted by a call with an unknown token.');
      },
    },
    {
      name: 'Another customer\'s token cannot change or delete Ann\'s scripts',
      async run(ctx) {
        const update = await ctx.send({ method: 'PUT', url: `${ADMIN}/scripts/ann-shop/code`, headers: ANNA, body: 'export default { fetch() { return new Response("anna was here"); } };' });
        expectStatus(ctx, update, [403, 404, 409], 'PUT /scripts/ann-shop/code with anna\'s token (ann-shop is tagged customer-ann)');
        if ((await ctx.send(get('https://ann-shop.example.com/'))).body.includes('anna was here')) ctx.fail('anna replaced the code of ann-shop, which is tagged customer-ann.');
        const del = await ctx.send({ method: 'DELETE', url: `${ADMIN}/customers/ann`, headers: ANNA });
        expectStatus(ctx, del, [403, 404, 409], 'DELETE /customers/ann with anna\'s token');
        for (const script of ['ann-shop', 'ann-api']) if ((await ctx.tagsOf(script)) === null) ctx.fail(`anna's token deleted ${script}, which belongs to ann.`);
      },
    },
    {
      name: 'Ann\'s new code is live after PUT /scripts/ann-shop/code',
      async run(ctx) {
        const update = await ctx.send({ method: 'PUT', url: `${ADMIN}/scripts/ann-shop/code`, headers: ANN, body: ANN_V2 });
        expectStatus(ctx, update, [200, 201], 'PUT admin.platform.example/scripts/ann-shop/code');
        expectBodyIncludes(ctx, await ctx.send(get('https://ann-shop.example.com/')), 'ann-shop v2', 'ann-shop.example.com after the update');
      },
    },
    {
      name: 'The update keeps the KV namespace and the secret',
      async run(ctx) {
        await ctx.send({ method: 'PUT', url: `${ADMIN}/scripts/ann-shop/code`, headers: ANN, body: ANN_V2 });
        const run = await ctx.send(get('https://ann-shop.example.com/'));
        expectStatus(ctx, run, 200, 'ann-shop.example.com after the update (a lost CARTS binding makes it throw)');
        expectBodyIncludes(ctx, run, 'cart 3 scarves, payment key present', 'ann-shop.example.com after the update');
        const bound = (await ctx.bindingsOf('ann-shop')).map((b) => b.name).sort();
        if (bound.join() !== 'CARTS,PAYMENT_KEY') ctx.fail(`After the update ann-shop's bindings are ${JSON.stringify(bound)}; expected CARTS and PAYMENT_KEY.`);
      },
    },
    {
      name: 'Offboarding Ann removes every script tagged customer-ann, and only those',
      async run(ctx) {
        const run = await ctx.send({ method: 'DELETE', url: `${ADMIN}/customers/ann`, headers: ANN });
        expectStatus(ctx, run, [200, 204], 'DELETE admin.platform.example/customers/ann');
        const left = [];
        for (const script of ['ann-shop', 'ann-api']) if ((await ctx.tagsOf(script)) !== null) left.push(script);
        if (left.length > 0) ctx.fail(`After offboarding Ann these scripts are still in the namespace: ${left.join(', ')}.`);
        if ((await ctx.tagsOf('anna-shop')) === null) ctx.fail('Offboarding Ann also deleted anna-shop, which belongs to another customer.');
        expectStatus(ctx, await ctx.send(get('https://anna-shop.example.com/')), 200, 'anna-shop.example.com after Ann left');
      },
    },
  ],
});
