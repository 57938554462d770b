import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CourseServer } from '../../support/course-server';
import { serverWithSandbox, workerForm, type SandboxInfo } from '../../support/cloudflare-api';

// Upload-time validation (code 10021) and bounded storage calls, through the built server as wrangler sends them.
let server: CourseServer;
let sb: SandboxInfo;
beforeAll(async () => {
  ({ server, sandbox: sb } = await serverWithSandbox());
  await api(acct('/workers/dispatch/namespaces'), { method: 'POST', ...json({ name: 'production' }) });
});
afterAll(() => server?.stop());

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${sb.apiBase}${path}`, { ...init, headers: { authorization: `Bearer ${sb.token}`, ...(init.headers as Record<string, string>) } });
const acct = (path: string) => `/accounts/${sb.accountId}${path}`;
const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const script = (name: string) => acct(`/workers/dispatch/namespaces/production/scripts/${name}`);
const meta = (main: string, extra: Record<string, unknown> = {}) => ({ main_module: main, compatibility_date: '2026-07-01', ...extra });

async function expectError(response: Response, status: number, code: number, message: RegExp) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body).toMatchObject({ success: false, result: null });
  expect(body.errors[0].code).toBe(code);
  expect(body.errors[0].message).toMatch(message);
  expect(body.errors[0].message).not.toMatch(/context_depth|[{}]"/);
}

describe('uploads that cannot start are refused with 10021', () => {
  test('a module that does not parse names file:line:column, and nothing is stored', async () => {
    const form = workerForm(meta('worker.js'), { 'worker.js': `export default {\n  fetch() { return new Response('hi'); };\n};` });
    await expectError(await api(script('broken'), { method: 'PUT', body: form }), 400, 10021, /^Uncaught SyntaxError: Unexpected token ';' at worker\.js:2:40$/);
    expect((await api(script('broken'))).status).toBe(404);
  });

  test('a module that ends early gets file:line:column although workerd names no place (Unexpected end of input)', async () => {
    const form = workerForm(meta('worker.js'), { 'worker.js': `export default {\n  fetch( {\n` });
    await expectError(await api(script('truncated'), { method: 'PUT', body: form }), 400, 10021, /^Uncaught SyntaxError: Unexpected end of input at worker\.js:3:1$/);
    // The same in a second module: the location names that module.
    const two = workerForm(meta('worker.js'), { 'worker.js': `import { x } from './lib.js';\nexport default { fetch() { return new Response(x); } };`, 'lib.js': `export const x = (1 + ;\n` });
    await expectError(await api(script('truncated2'), { method: 'PUT', body: two }), 400, 10021, /SyntaxError: .+ at lib\.js:1:\d+$/);
  });

  test('an import that cannot be resolved names the importing module', async () => {
    const form = workerForm(meta('worker.js'), { 'worker.js': `import helper from './helper.js';\nexport default { fetch() { return new Response(helper()); } };` });
    await expectError(await api(script('missing'), { method: 'PUT', body: form }), 400, 10021, /No such module "helper\.js".*worker\.js/);
  });

  test('module-scope code that throws or never finishes is refused', async () => {
    const throws = workerForm(meta('worker.js'), { 'worker.js': `const config = null;\nconst plan = config.plan;\nexport default { fetch() { return new Response(plan); } };` });
    await expectError(await api(script('throws'), { method: 'PUT', body: throws }), 400, 10021, /^Uncaught TypeError: .+ at worker\.js:2:\d+$/);
    const loops = workerForm(meta('worker.js'), { 'worker.js': `while (true) {}\nexport default { fetch() { return new Response('never'); } };` });
    await expectError(await api(script('loops'), { method: 'PUT', body: loops }), 400, 10021, /startup exceeded CPU time limit/);
    const fine = workerForm(meta('worker.js'), { 'worker.js': `export default { fetch() { return new Response('fine'); } };` });
    expect((await api(script('fine'), { method: 'PUT', body: fine })).status).toBe(200);
  });

  test('the experimental compatibility flag and unknown flags are refused', async () => {
    const experimental = workerForm(meta('worker.js', { compatibility_flags: ['experimental'] }), { 'worker.js': `export default { fetch() { return new Response('x'); } };` });
    await expectError(await api(script('exp'), { method: 'PUT', body: experimental }), 400, 10021, /experimental/);
    const unknown = workerForm(meta('worker.js', { compatibility_flags: ['no_such_flag_here'] }), { 'worker.js': `export default { fetch() { return new Response('x'); } };` });
    await expectError(await api(script('unknown'), { method: 'PUT', body: unknown }), 400, 10021, /No such compatibility flag: no_such_flag_here/);
  });

  test('account Worker uploads are validated the same way', async () => {
    const form = workerForm(meta('dispatcher.js'), { 'dispatcher.js': `export default {\n  fetch( { return new Response('x'); }\n};` });
    await expectError(await api(acct('/workers/scripts/dispatcher'), { method: 'PUT', body: form }), 400, 10021, /^Uncaught SyntaxError: .+ at dispatcher\.js:2:\d+$/);
  });
});

describe('D1 queries over the API are bounded', () => {
  test('a query that never ends gets an error envelope with a message, and the next query works', async () => {
    const db = (await (await api(acct('/d1/database'), { method: 'POST', ...json({ name: 'runaway' }) })).json()).result;
    const query = (sql: string) => api(acct(`/d1/database/${db.uuid}/query`), { method: 'POST', ...json({ sql }) });
    const endless = await query('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c');
    expect(endless.status).toBe(504);
    const body = await endless.json();
    expect(body).toMatchObject({ success: false, errors: [{ code: 7500, message: expect.stringMatching(/did not finish within .+ s and was stopped/) }] });
    const next = await (await query('SELECT 41 + 1 AS answer')).json();
    expect(next).toMatchObject({ success: true, result: [{ results: [{ answer: 42 }] }] });
  });
});
