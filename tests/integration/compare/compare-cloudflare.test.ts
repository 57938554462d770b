import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';

// `npm run compare:cloudflare` end to end, with a second built server's sandbox API standing in for
// api.cloudflare.com (CI cannot reach Cloudflare): it deploys, compares, prints the table and cleans up.
let local: CourseServer;
let remote: CourseServer;
let sb: { apiBase: string; accountId: string; token: string };

beforeAll(async () => {
  [local, remote] = await Promise.all([startCourseServer({ env: { LAB_WARM_POOL: '0' } }), startCourseServer({ env: { LAB_WARM_POOL: '0' } })]);
  sb = (await (await fetch(`${remote.url}/api/sandboxes`, { method: 'POST' })).json()) as typeof sb;
}, 90_000);
afterAll(async () => {
  await Promise.all([local?.stop(), remote?.stop()]);
});

function compare(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['scripts/compare-cloudflare.mjs', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const remoteEnv = () => ({ CLOUDFLARE_API_BASE_URL: sb.apiBase, CLOUDFLARE_ACCOUNT_ID: sb.accountId, CLOUDFLARE_API_TOKEN: sb.token });

test('without an account or a prefix it says what to set', async () => {
  const noPrefix = await compare(['--local', local.url], remoteEnv());
  expect(noPrefix.code).toBe(2);
  expect(noPrefix.stderr).toMatch(/--prefix/);
  const noToken = await compare(['--prefix', 'ci', '--local', local.url], { CLOUDFLARE_API_BASE_URL: sb.apiBase, CLOUDFLARE_ACCOUNT_ID: '', CLOUDFLARE_API_TOKEN: '' });
  expect(noToken.code).toBe(2);
  expect(noToken.stderr).toMatch(/CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN/);
});

test('deploys the semantic scenarios and lab solutions to both sides, prints the table and leaves nothing behind', async () => {
  const run = await compare(['--prefix', 'ci', '--local', local.url, '--labs', 'first-dispatch,rpc-entrypoint,routing-tables'], remoteEnv());
  expect(run.code, run.stderr).toBe(0);
  // Two instances of the same engine: the same answers everywhere.
  expect(run.stdout).toMatch(/^Compared (\d+) requests against a course sandbox \(http:\/\/127\.0\.0\.1:\d+\) on \d{4}-\d{2}-\d{2}: no differences\./);
  expect(Number(/Compared (\d+) requests/.exec(run.stdout)![1])).toBeGreaterThanOrEqual(9);
  expect(run.stdout).toContain('| Scenario | Request | Field | Local sandbox | Remote |');
  expect(run.stdout).toMatch(/- lab-routing-tables: needs seeded KV/);
  expect(run.stderr).toMatch(/lab-rpc-entrypoint: GET https:\/\/api\.platform\.example\/quote\/acme/);
  const api = (path: string) => fetch(`${sb.apiBase}/accounts/${sb.accountId}${path}`, { headers: { authorization: `Bearer ${sb.token}` } }).then((r) => r.json());
  expect((await api('/workers/dispatch/namespaces')).result).toEqual([]);
  expect((await api('/workers/scripts')).result).toEqual([]);
}, 300_000);
