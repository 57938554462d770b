import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CourseServer } from '../../support/course-server';
import { serverWithSandbox, type SandboxInfo } from '../../support/cloudflare-api';
import { runWrangler, startWrangler, wranglerEnv } from '../../support/wrangler';

// The example platform (tests/fixtures/example-platform) deployed to one sandbox with the real, unmodified
// wrangler, then used end to end. One server and one sandbox for the whole file; the tests run in order.
let server: CourseServer;
let sb: SandboxInfo;
let dir: string;
let env: NodeJS.ProcessEnv;
const ids: { d1?: string; kv?: string } = {};

beforeAll(async () => {
  ({ server, sandbox: sb } = await serverWithSandbox());
  dir = mkdtempSync(join(tmpdir(), 'wfp-platform-'));
  cpSync(resolve('tests/fixtures/example-platform'), dir, { recursive: true });
  // Resource commands need a config in the folder (without one, wrangler 4 runs its autoconfig there).
  writeFileSync(join(dir, 'wrangler.jsonc'), '{ "name": "example-platform", "compatibility_date": "2026-07-01" }\n');
  env = wranglerEnv(sb, join(dir, '.config'));
}, 180_000);
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function wrangler(...args: string[]) {
  const r = await runWrangler(args, { cwd: dir, env });
  if (r.code !== 0) throw new Error(`wrangler ${args.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}
const secretPut = async (name: string, value: string) => {
  const r = await runWrangler(['secret', 'put', name], { cwd: dir, env, input: value });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r.stdout;
};

/** A request through the sandbox's request route into the platform Worker. */
async function send(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.url}/api/sandboxes/${sb.id}/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sb.token}` },
    body: JSON.stringify({ script: 'example-platform', url: `https://platform.example${path}`, method: init.method ?? 'GET', headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) }),
  });
  const run = (await response.json()) as { status: number; body: string; logs: Array<{ message: string }> };
  return { ...run, json: () => JSON.parse(run.body) };
}

describe('resources with wrangler', () => {
  test('d1 create | list | info, kv namespace create | list, dispatch-namespace create', async () => {
    const d1 = await wrangler('d1', 'create', 'platform-db');
    expect(d1).toContain("Successfully created DB 'platform-db'");
    ids.d1 = /"database_id": "([0-9a-f-]{36})"/.exec(d1)?.[1];
    expect(ids.d1, d1).toBeDefined();
    expect(await wrangler('d1', 'list')).toMatch(/platform-db/);
    expect(await wrangler('d1', 'info', 'platform-db')).toContain(ids.d1!);
    const kv = await wrangler('kv', 'namespace', 'create', 'platform-cache');
    ids.kv = /"id": "([0-9a-f]{32})"/.exec(kv)?.[1];
    expect(ids.kv, kv).toBeDefined();
    expect(await wrangler('kv', 'namespace', 'list')).toContain(ids.kv!);
    expect(await wrangler('dispatch-namespace', 'create', 'customers')).toContain('Created dispatch namespace "customers"');
  }, 240_000);

  test('d1 execute --remote --file runs the schema; --command runs statements and returns rows', async () => {
    const file = await wrangler('d1', 'execute', 'platform-db', '--remote', '--file', 'schema.sql');
    expect(file).toMatch(/Executed 3 queries/);
    const out = await wrangler('d1', 'execute', 'platform-db', '--remote', '--json', '--command', "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    expect(JSON.parse(out)[0].results.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['customers', 'scripts', 'tokens']));
  }, 180_000);

  test('kv key put | get | list | delete --remote, with metadata', async () => {
    await wrangler('kv', 'key', 'put', '--namespace-id', ids.kv!, 'plan:free', 'up to 3 scripts', '--metadata', '{"tier":1}', '--remote');
    expect((await runWrangler(['kv', 'key', 'get', '--namespace-id', ids.kv!, 'plan:free', '--remote'], { cwd: dir, env })).stdout).toBe('up to 3 scripts');
    const listed = JSON.parse((await runWrangler(['kv', 'key', 'list', '--namespace-id', ids.kv!, '--remote'], { cwd: dir, env })).stdout);
    expect(listed).toEqual([{ name: 'plan:free', metadata: { tier: 1 } }]);
    await wrangler('kv', 'key', 'delete', '--namespace-id', ids.kv!, 'plan:free', '--remote');
    expect(JSON.parse((await runWrangler(['kv', 'key', 'list', '--namespace-id', ids.kv!, '--remote'], { cwd: dir, env })).stdout)).toEqual([]);
  }, 180_000);
});

describe('the platform Worker with wrangler', () => {
  test('first deploy from wrangler.toml with dispatch namespace, D1, KV, vars and a compatibility date', async () => {
    rmSync(join(dir, 'wrangler.jsonc'));
    const template = readFileSync(join(dir, 'wrangler.toml.template'), 'utf8');
    writeFileSync(join(dir, 'wrangler.toml'), template.replace('__ACCOUNT_ID__', sb.accountId).replace('__D1_ID__', ids.d1!).replace('__KV_ID__', ids.kv!));
    const out = await wrangler('deploy');
    expect(out).toMatch(/env\.DISPATCHER \(customers\)\s+Dispatch Namespace/);
    expect(out).toMatch(/env\.DB \(platform-db\)\s+D1 Database/);
    expect(out).toMatch(/env\.CACHE \([0-9a-f]{32}\)\s+KV Namespace/);
    expect(out).toMatch(/env\.ACCOUNT_ID \("[0-9a-f]{32}"\)\s+Environment Variable/);
    expect(out).toMatch(/Uploaded example-platform/);
    expect(out).toMatch(/Current Version ID: [0-9a-f-]{36}/);
    expect(out).not.toMatch(/ERROR|✘/);
  }, 180_000);

  test('secret put | list | bulk | delete make new versions; the token reaches the Worker', async () => {
    expect(await secretPut('CF_API_TOKEN', sb.token)).toContain('Success! Uploaded secret CF_API_TOKEN');
    const bulk = join(dir, 'secrets.json');
    writeFileSync(bulk, JSON.stringify({ WEBHOOK_KEY: 'k1', SPARE: 'x' }));
    expect(await wrangler('secret', 'bulk', bulk)).toMatch(/2 secrets successfully created/);
    expect(await wrangler('secret', 'delete', 'SPARE')).toContain('Success! Deleted secret SPARE');
    const list = JSON.parse((await runWrangler(['secret', 'list', '--format', 'json'], { cwd: dir, env })).stdout);
    expect(list).toEqual([{ name: 'CF_API_TOKEN', type: 'secret_text' }, { name: 'WEBHOOK_KEY', type: 'secret_text' }]);
  }, 180_000);

  test('a re-deploy keeps the secrets and inherits the namespace binding; versions and deployments list each upload', async () => {
    const out = await wrangler('deploy');
    expect(out).toMatch(/env\.DISPATCHER \(inherited\)\s+Dispatch Namespace/);
    expect(out).not.toMatch(/ERROR|✘/);
    const versions = await wrangler('versions', 'list');
    expect(versions.match(/Version ID:/g)?.length).toBe(5); // deploy, 3 secret changes, re-deploy
    expect(versions).toContain('Source:      Secret Change');
    expect(versions).toContain('Source:      Upload');
    const deployments = await wrangler('deployments', 'list');
    expect(deployments.match(/\(100%\) [0-9a-f-]{36}/g)?.length).toBe(5);
  }, 180_000);
});

describe('the platform end to end, watched with wrangler tail', () => {
  test('create customers, upload through the platform, dispatch, refuse a foreign overwrite; tail shows it pretty and as JSON', async () => {
    const jsonTail = startWrangler(['tail', 'example-platform', '--format', 'json'], { cwd: dir, env });
    const prettyTail = startWrangler(['tail', 'example-platform', '--format', 'pretty'], { cwd: dir, env });
    await prettyTail.waitFor(/Connected to example-platform, waiting for logs/);
    await new Promise((r) => setTimeout(r, 1500)); // the JSON tail prints nothing until the first event

    const acme = await send('/customers', { method: 'POST', body: JSON.stringify({ name: 'acme' }) });
    expect(acme.status).toBe(201);
    const { token: acmeToken } = acme.json();
    const globex = (await send('/customers', { method: 'POST', body: JSON.stringify({ name: 'globex' }) })).json();

    const code = `import { platform } from './platform.js';\nexport default { fetch(request) { return platform.poweredBy(new Response('hello from acme at ' + new URL(request.url).pathname)); } };`;
    const upload = await send('/customers/scripts/acme-site', { method: 'PUT', body: code, headers: { authorization: `Bearer ${acmeToken}` } });
    expect(upload.status, upload.body).toBe(200);
    const served = await send('/dispatch/acme-site/docs');
    expect(served).toMatchObject({ status: 200, body: 'hello from acme at /dispatch/acme-site/docs' });
    expect((await send('/customers/scripts', { headers: { authorization: `Bearer ${acmeToken}` } })).json()).toEqual(['acme-site']);

    const foreign = await send('/customers/scripts/acme-site', { method: 'PUT', body: `export default { fetch() { return new Response('pwned'); } };`, headers: { authorization: `Bearer ${globex.token}` } });
    expect(foreign.status).toBe(409);
    expect((await send('/dispatch/acme-site/')).body).toBe('hello from acme at /dispatch/acme-site/');
    expect((await send('/dispatch/nobody/')).status).toBe(404);

    const pretty = await prettyTail.stop();
    const json = await jsonTail.stop();
    expect(pretty).toMatch(/POST https:\/\/platform\.example\/customers - Ok @/);
    expect(pretty).toMatch(/\(log\) new customer acme/);
    expect(pretty).toMatch(/PUT https:\/\/platform\.example\/customers\/scripts\/acme-site - Ok @/);
    const events = json.split(/\n(?=\{)/).flatMap((chunk) => (chunk.trim().startsWith('{') ? [JSON.parse(chunk.slice(chunk.indexOf('{'), chunk.lastIndexOf('}') + 1))] : []));
    const puts = events.filter((e) => e.event.request.method === 'PUT');
    expect(puts.map((e) => e.event.response.status)).toEqual([200, 409]);
    expect(events[0]).toMatchObject({ outcome: 'ok', scriptName: 'example-platform', exceptions: [], event: { request: { url: 'https://platform.example/customers', method: 'POST' } } });
  }, 240_000);

  test('wrangler delete removes the platform Worker', async () => {
    expect(await wrangler('delete')).toContain('Successfully deleted example-platform');
    const again = await runWrangler(['deployments', 'list'], { cwd: dir, env });
    expect(again.code).not.toBe(0);
    expect(again.stdout + again.stderr).toMatch(/\[code: 10007\]/);
  }, 180_000);
});

describe('KV limits over the API, as Cloudflare documents them', () => {
  const api = (path: string, init: RequestInit = {}) => fetch(`${sb.apiBase}/accounts/${sb.accountId}/storage/kv/namespaces/${ids.kv}${path}`, { ...init, headers: { authorization: `Bearer ${sb.token}`, ...(init.headers as Record<string, string>) } });

  test('a 25 MiB value is stored; one byte more is 413; a 513-byte key 414; metadata over 1,024 bytes 413', async () => {
    const max = 25 * 1024 * 1024;
    expect((await api('/values/big', { method: 'PUT', body: 'v'.repeat(max) })).status).toBe(200);
    expect((await (await api('/values/big')).text()).length).toBe(max);
    const over = await api('/values/big2', { method: 'PUT', body: 'v'.repeat(max + 1) });
    expect(over.status).toBe(413);
    expect((await over.json()).errors[0].message).toBe(`Value length of ${max + 1} exceeds limit of ${max}.`);
    const longKey = await api(`/values/${'k'.repeat(513)}`, { method: 'PUT', body: 'x' });
    expect(longKey.status).toBe(414);
    expect((await longKey.json()).errors[0].message).toBe('UTF-8 encoded length of 513 exceeds key length limit of 512.');
    const form = new FormData();
    form.append('value', 'x');
    form.append('metadata', JSON.stringify({ m: 'x'.repeat(1100) }));
    const bigMeta = await api('/values/meta', { method: 'PUT', body: form });
    expect(bigMeta.status).toBe(413);
    expect((await bigMeta.json()).errors[0].message).toMatch(/^Metadata length of \d+ exceeds limit of 1024\.$/);
  }, 180_000);
});
