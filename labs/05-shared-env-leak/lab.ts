import { defineLab } from '../../src/schemas/lab';
import { expectBodyExcludes, expectBodyIncludes, expectStatus, get } from '../../src/server/labs/check-helpers';

const ADMIN_TOKEN = 'sk_admin_7f3a9c';

export default defineLab({
  id: 'shared-env-leak',
  title: 'The shared-env leak',
  lesson: 'isolation/isolation-and-security',
  goal: 'The platform uploads every customer\'s Worker with the gateway\'s own bindings — its env: the admin D1 holding every customer\'s invoices, and the admin token. A malicious customer, mallory, reads everyone\'s rows. Fix platform.json so each customer gets only its own database (per-tenant bindings) and no platform secrets, while acme-corp\'s legitimate page keeps working.',
  resources: {
    d1: {
      'admin-billing': `CREATE TABLE invoices (customer TEXT NOT NULL, invoice TEXT NOT NULL, amount_cents INTEGER NOT NULL);
INSERT INTO invoices VALUES ('acme-corp', 'A-1001', 129900), ('acme-corp', 'A-1002', 45000), ('globex', 'G-2001', 990000), ('globex', 'G-2002', 12000), ('mallory', 'M-3001', 500);`,
      'acme-corp-billing': `CREATE TABLE invoices (customer TEXT NOT NULL, invoice TEXT NOT NULL, amount_cents INTEGER NOT NULL);
INSERT INTO invoices VALUES ('acme-corp', 'A-1001', 129900), ('acme-corp', 'A-1002', 45000);`,
      'mallory-billing': `CREATE TABLE invoices (customer TEXT NOT NULL, invoice TEXT NOT NULL, amount_cents INTEGER NOT NULL);
INSERT INTO invoices VALUES ('mallory', 'M-3001', 500);`,
    },
  },
  files: [
    { path: 'platform.json', label: 'Config (platform.json)', editable: true },
    { path: 'dispatcher.js', label: 'Dispatch Worker', editable: true },
    { path: 'tenants/acme-corp.js', label: 'acme-corp' },
    { path: 'tenants/mallory.js', label: 'mallory (malicious)' },
  ],
  hosts: ['acme-corp.example.com', 'mallory.example.com'],
  presets: [
    { label: 'acme-corp invoices page', url: 'https://acme-corp.example.com/invoices' },
    { label: 'mallory\'s "analytics" page', url: 'https://mallory.example.com/' },
    { label: 'Gateway admin report', url: 'https://admin.platform.example/report', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
  ],
  hints: [
    'Send mallory\'s preset: the response lists invoices of every customer. Which binding in platform.json lets that happen?',
    'A user Worker sees exactly the bindings listed for it at upload. Give acme-corp and mallory each a DB binding to their own database ("acme-corp-billing", "mallory-billing") instead of "admin-billing".',
    'Platform secrets stay with the platform: remove ADMIN_TOKEN from the customers\' bindings. The gateway keeps its own.',
  ],
  checks: [
    {
      name: 'mallory sees only mallory\'s invoices',
      async run(ctx) {
        const run = await ctx.send(get('https://mallory.example.com/'));
        expectStatus(ctx, run, 200, 'mallory.example.com');
        expectBodyExcludes(ctx, run, 'acme-corp', 'mallory.example.com (another customer\'s rows)');
        expectBodyExcludes(ctx, run, 'globex', 'mallory.example.com (another customer\'s rows)');
        expectBodyIncludes(ctx, run, 'M-3001', 'mallory.example.com (its own invoice)');
      },
    },
    {
      name: 'No customer Worker can read the platform\'s admin token',
      async run(ctx) {
        const run = await ctx.send(get('https://mallory.example.com/'));
        expectBodyExcludes(ctx, run, ADMIN_TOKEN, 'mallory.example.com');
        // Every customer, not only the malicious one: a secret bound to acme-corp is one bug away from mallory.
        for (const worker of (await ctx.namespaceScripts('production')) ?? []) {
          for (const b of await ctx.bindingsOf(worker)) {
            if (b.name === 'ADMIN_TOKEN') ctx.fail(`${worker} is still uploaded with the ADMIN_TOKEN binding.`);
            if (b.text === ADMIN_TOKEN) ctx.fail(`${worker} holds the platform's admin token under another name (${b.name}): renaming a secret does not stop it leaking.`);
          }
        }
      },
    },
    {
      name: 'No customer Worker is bound to the admin database',
      async run(ctx) {
        for (const worker of (await ctx.namespaceScripts('production')) ?? []) {
          const bound = await ctx.bindingsOf(worker);
          const admin = bound.find((b) => b.resource === 'admin-billing');
          if (admin) ctx.fail(`${worker} is bound to the admin database "admin-billing" (as ${admin.name}); bind it to its own database instead.`);
        }
      },
    },
    {
      name: 'acme-corp\'s invoices page still works',
      async run(ctx) {
        const run = await ctx.send(get('https://acme-corp.example.com/invoices'));
        expectStatus(ctx, run, 200, 'acme-corp.example.com/invoices');
        expectBodyIncludes(ctx, run, 'A-1001', 'acme-corp.example.com/invoices');
        expectBodyExcludes(ctx, run, 'G-2001', 'acme-corp.example.com/invoices');
      },
    },
    {
      name: 'The platform still has every customer\'s rows',
      async run(ctx) {
        const admin = await ctx.d1('admin-billing');
        const { results } = await admin.prepare('SELECT COUNT(*) AS n FROM invoices').all<{ n: number }>();
        if (results[0]?.n !== 5) ctx.fail(`The admin database should still hold 5 invoices, but it holds ${results[0]?.n}.`);
        const run = await ctx.send({ url: 'https://admin.platform.example/report', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        expectStatus(ctx, run, 200, 'the gateway\'s admin report');
        expectBodyIncludes(ctx, run, 'G-2001', 'the gateway\'s admin report');
      },
    },
  ],
});
