import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { CourseServer } from '../../support/course-server';
import { serverWithSandbox, type SandboxInfo } from '../../support/cloudflare-api';
import { runInBash } from '../../support/terminal';
import { dotEnv, fallbackCommands } from '../../../src/server/terminal/fallback-commands';
import { projectFiles, WRANGLER_VERSION } from '../../../src/server/terminal/project';
import { lessonTerminals } from '../../../src/server/terminal/lesson-terminals';
import { changedAccount } from '../../../src/server/terminal/wrangler-output';

// npm install plus several wrangler runs: slow when the machine is shared, never timed.
vi.setConfig({ testTimeout: 240_000 });

// Every command the Terminal tab's fallback shows for a lesson terminal page, pasted into bash as shown,
// with the real wrangler that its own `npm install` brings, against the built server.
let server: CourseServer;
let dir: string;
beforeAll(async () => {
  ({ server } = await serverWithSandbox());
  dir = mkdtempSync(join(tmpdir(), 'wfp-fallback-'));
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function newSandbox(): Promise<SandboxInfo> {
  return (await (await fetch(`${server.url}/api/sandboxes`, { method: 'POST' })).json()) as SandboxInfo;
}

async function api<T>(sb: SandboxInfo, path: string): Promise<T> {
  const body = (await (await fetch(`${sb.apiBase}/accounts/${sb.accountId}${path}`, { headers: { authorization: `Bearer ${sb.token}` } })).json()) as { result: T };
  return body.result;
}
const namespacesOf = async (sb: SandboxInfo) => (await api<Array<{ namespace_name: string }>>(sb, '/workers/dispatch/namespaces')).map((n) => n.namespace_name).sort();
const scriptsOf = async (sb: SandboxInfo, ns: string) => (await api<Array<{ id: string }>>(sb, `/workers/dispatch/namespaces/${ns}/scripts`)).map((s) => s.id);

function commandsFor(slug: string, sb: SandboxInfo) {
  const t = lessonTerminals.find((x) => x.slug === slug)!;
  const folder = `wfp-${t.slug}`;
  const target = { apiBase: sb.apiBase, accountId: sb.accountId, token: sb.token };
  return { folder, commands: fallbackCommands({ folder, target, spec: t.spec!, files: projectFiles(folder, t.spec!, t.files!) }), target };
}

describe('dispatch-namespaces terminal page', () => {
  test('makes the project, installs wrangler, and each namespace command does what it says', async () => {
    const sb = await newSandbox();
    const { folder, commands } = commandsFor('dispatch-namespaces', sb);
    const run = await runInBash(commands, dir);
    expect(run.code, run.output).toBe(0);
    // The project step made the folder with its files and installed the pinned wrangler.
    expect(JSON.parse(readFileSync(join(dir, folder, 'node_modules/wrangler/package.json'), 'utf8')).version).toBe(WRANGLER_VERSION);
    expect(existsSync(join(dir, folder, 'wrangler.jsonc'))).toBe(true);
    expect(run.steps['step-1']).toMatch(/Created dispatch namespace "production"/);
    expect(run.steps['step-2']).toMatch(/Created dispatch namespace "staging"/);
    expect(run.steps['step-3']).toContain("namespace_name: 'production'");
    expect(run.steps['step-3']).toContain("namespace_name: 'staging'");
    expect(run.steps['step-4']).toContain("namespace_name: 'production'");
    expect(run.steps['step-5']).toContain('Renamed dispatch namespace "staging" to "staging-eu"');
    expect(run.steps['step-6']).toContain('Deleted dispatch namespace "staging-eu"');
    expect(await namespacesOf(sb)).toEqual(['production']);
    // The in-browser terminal refreshes the workbench's sandbox view on exactly the commands that changed it.
    expect(['step-1', 'step-2', 'step-3', 'step-4', 'step-5', 'step-6'].map((s) => changedAccount(run.steps[s]!))).toEqual([true, true, false, false, true, true]);
  });
});

describe('build-a-platform terminal page', () => {
  test('creates both namespaces and deploys the customer Worker into production', async () => {
    const sb = await newSandbox();
    const { commands } = commandsFor('build-a-platform', sb);
    const run = await runInBash(commands, dir);
    expect(run.code, run.output).toBe(0);
    expect(run.steps['step-3']).toMatch(/Uploaded customer-a/);
    expect(changedAccount(run.steps['step-3']!)).toBe(true);
    expect(run.steps['step-4']).toContain('script_count: 1');
    expect(await namespacesOf(sb)).toEqual(['production', 'staging']);
    expect(await scriptsOf(sb, 'production')).toEqual(['customer-a']);
  });

  test('the .env snippet works in place of the export step', async () => {
    const sb = await newSandbox();
    const { folder, commands, target } = commandsFor('build-a-platform', sb);
    const project = commands.find((c) => c.id === 'project')!;
    // A fresh shell: the project folder exists (made above), the .env file holds the values, nothing is exported.
    writeFileSync(join(dir, folder, '.env'), dotEnv(target));
    // A token leaked into the test's own environment would win over .env in wrangler; the terminal must drop it.
    process.env.CLOUDFLARE_API_TOKEN = 'leaked-token-from-the-ci-machine';
    const run = await runInBash([project, ...commands.filter((c) => c.id.startsWith('step-'))], dir).finally(() => delete process.env.CLOUDFLARE_API_TOKEN);
    expect(run.code, run.output).toBe(0);
    expect(await scriptsOf(sb, 'production')).toEqual(['customer-a']);
  });
});
