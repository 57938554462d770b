import { defineLab } from '../../src/schemas/lab';
import { expectBodyIncludes, expectReached, expectStatus, get } from '../../src/server/labs/check-helpers';

const NAMESPACE = 'customers';
const CUSTOMER = 'pizza-palace';

export default defineLab({
  id: 'deploy-from-terminal',
  title: 'Deploy from the terminal',
  lesson: 'building/uploading-user-workers',
  goal: `Work like a platform operator, in the Terminal tab: create the dispatch namespace "${NAMESPACE}" with wrangler, deploy the customer's Worker (customer/index.js, configured in wrangler.jsonc) into it with wrangler deploy --dispatch-namespace, then make your dispatch Worker route ${CUSTOMER}.example.com to it, with a generic 404 for a customer that does not exist.`,
  files: [
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'customer/index.js', label: 'Customer Worker', editable: true },
    { path: 'platform.json', label: 'Config' },
  ],
  terminal: {
    namespace: NAMESPACE,
    worker: { name: CUSTOMER, main: 'customer/index.js' },
    commands: [`npx wrangler dispatch-namespace create ${NAMESPACE}`, `npx wrangler deploy --dispatch-namespace ${NAMESPACE}`],
  },
  hosts: [`${CUSTOMER}.example.com`, 'nobody.example.com'],
  presets: [
    { label: 'Pizza Palace home page', url: `https://${CUSTOMER}.example.com/` },
    { label: 'Pizza Palace menu', url: `https://${CUSTOMER}.example.com/menu` },
    { label: 'Unknown customer', url: 'https://nobody.example.com/' },
  ],
  hints: [
    `In the Terminal tab, run: npx wrangler dispatch-namespace create ${NAMESPACE}. wrangler already points at your sandbox (CLOUDFLARE_API_BASE_URL and friends are set).`,
    `Then: npx wrangler deploy --dispatch-namespace ${NAMESPACE}. wrangler.jsonc names the Worker "${CUSTOMER}" and its entry file customer/index.js.`,
    'In dispatcher.js, take the first label of the hostname and call env.DISPATCHER.get(name).fetch(request); catch "Worker not found" to answer 404.',
  ],
  checks: [
    {
      name: `The dispatch namespace "${NAMESPACE}" exists`,
      async run(ctx) {
        if ((await ctx.namespaceScripts(NAMESPACE)) === null)
          ctx.fail(`Your sandbox has no dispatch namespace "${NAMESPACE}" yet. Create it in the terminal: npx wrangler dispatch-namespace create ${NAMESPACE}`);
      },
    },
    {
      name: `${CUSTOMER} is deployed into "${NAMESPACE}"`,
      async run(ctx) {
        const scripts = await ctx.namespaceScripts(NAMESPACE);
        if (scripts === null) return ctx.fail(`There is no namespace "${NAMESPACE}" to deploy into: create it first.`);
        if (!scripts.includes(CUSTOMER))
          ctx.fail(`The namespace "${NAMESPACE}" holds ${scripts.length ? scripts.map((s) => `"${s}"`).join(', ') : 'no scripts'}, not "${CUSTOMER}". Deploy it: npx wrangler deploy --dispatch-namespace ${NAMESPACE}`);
      },
    },
    {
      name: `${CUSTOMER}.example.com is routed to it by your dispatcher`,
      async run(ctx) {
        const run = await ctx.send(get(`https://${CUSTOMER}.example.com/menu`));
        expectStatus(ctx, run, 200, `${CUSTOMER}.example.com/menu`);
        expectReached(ctx, run, CUSTOMER, `${CUSTOMER}.example.com/menu`);
        expectBodyIncludes(ctx, run, 'Pizza Palace', `${CUSTOMER}.example.com/menu`);
      },
    },
    {
      name: 'A customer that does not exist gets 404',
      async run(ctx) {
        if ((await ctx.namespaceScripts(NAMESPACE)) === null) return ctx.fail(`There is no namespace "${NAMESPACE}" yet: create it first.`);
        const run = await ctx.send(get('https://nobody.example.com/'));
        expectStatus(ctx, run, 404, 'nobody.example.com (no such Worker)');
      },
    },
  ],
});
