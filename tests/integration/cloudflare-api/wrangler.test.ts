import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CourseServer } from '../../support/course-server';
import { DISPATCHER_CODE, sendThroughDispatcher, serverWithSandbox, workerForm, type SandboxInfo } from '../../support/cloudflare-api';

// The real wrangler CLI, configured only through Cloudflare's documented environment variables.
const run = promisify(execFile);
const WRANGLER = resolve('node_modules/wrangler/bin/wrangler.js');
let server: CourseServer;
let sb: SandboxInfo;
let dir: string;

beforeAll(async () => {
  ({ server, sandbox: sb } = await serverWithSandbox());
  dir = mkdtempSync(join(tmpdir(), 'wfp-wrangler-'));
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function wrangler(...args: string[]) {
  const env = {
    ...process.env,
    CLOUDFLARE_API_BASE_URL: sb.apiBase,
    CLOUDFLARE_ACCOUNT_ID: sb.accountId,
    CLOUDFLARE_API_TOKEN: sb.token,
    WRANGLER_SEND_METRICS: 'false',
    CI: 'true',
    XDG_CONFIG_HOME: join(dir, '.config'),
    NO_COLOR: '1',
  };
  try {
    const { stdout } = await run(process.execPath, [WRANGLER, ...args], { cwd: dir, env, timeout: 60_000 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`wrangler ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

test('wrangler dispatch-namespace create | list | get | rename | delete', async () => {
  expect(await wrangler('dispatch-namespace', 'create', 'staging')).toMatch(/Created dispatch namespace "staging" with ID "[0-9a-f-]{36}"/);
  expect(await wrangler('dispatch-namespace', 'list')).toContain("namespace_name: 'staging'");
  expect(await wrangler('dispatch-namespace', 'get', 'staging')).toContain('script_count: 0');
  expect(await wrangler('dispatch-namespace', 'rename', 'staging', 'production')).toContain('Renamed dispatch namespace "staging" to "production"');
  await wrangler('dispatch-namespace', 'create', 'scratch');
  expect(await wrangler('dispatch-namespace', 'delete', 'scratch')).toContain('Deleted dispatch namespace "scratch"');
  const list = await wrangler('dispatch-namespace', 'list');
  expect(list).toContain("namespace_name: 'production'");
  expect(list).not.toContain('scratch');
}, 180_000);

test('wrangler deploy --dispatch-namespace uploads a customer script the dispatcher then serves', async () => {
  // The platform's dispatch Worker, uploaded as the lessons do with curl.
  const upload = await fetch(`${sb.apiBase}/accounts/${sb.accountId}/workers/scripts/dispatcher`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${sb.token}` },
    body: workerForm(
      { main_module: 'dispatcher.mjs', compatibility_date: '2026-07-01', bindings: [{ type: 'dispatch_namespace', name: 'DISPATCHER', namespace: 'production' }] },
      { 'dispatcher.mjs': DISPATCHER_CODE },
    ),
  });
  expect(upload.status).toBe(200);

  // A KV namespace and a value, made with wrangler too, for the customer's binding.
  const created = await wrangler('kv', 'namespace', 'create', 'customer-w-data');
  const kvId = /"id": "([0-9a-f]{32})"/.exec(created)?.[1];
  expect(kvId, created).toBeDefined();
  await wrangler('kv', 'key', 'put', '--namespace-id', kvId!, 'greeting', 'hello from wrangler', '--remote');

  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'wrangler.jsonc'),
    `{
  // A customer's Worker, deployed into the platform's namespace.
  "name": "customer-w",
  "main": "src/index.js",
  "compatibility_date": "2026-07-01",
  "vars": { "SUFFIX": "!" },
  "kv_namespaces": [{ "binding": "DATA", "id": "${kvId}" }]
}
`,
  );
  writeFileSync(join(dir, 'src/index.js'), `export default { async fetch(request, env) { return new Response((await env.DATA.get('greeting')) + env.SUFFIX + ' at ' + new URL(request.url).pathname); } };\n`);
  const out = await wrangler('deploy', '--dispatch-namespace', 'production');
  expect(out).toMatch(/Uploaded customer-w/);
  expect(out).toMatch(/Current Version ID: [0-9a-f-]{36}/);

  const run = await sendThroughDispatcher(server, sb, 'https://customer-w.example.com/docs');
  expect(run).toMatchObject({ status: 200, body: 'hello from wrangler! at /docs' });

  // A second deploy replaces the code in place.
  writeFileSync(join(dir, 'src/index.js'), `export default { fetch() { return new Response('v2'); } };\n`);
  await wrangler('deploy', '--dispatch-namespace', 'production');
  expect((await sendThroughDispatcher(server, sb, 'https://customer-w.example.com/')).body).toBe('v2');
}, 180_000);
