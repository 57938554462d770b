import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { runInBash } from '../../support/terminal';
import { findLab } from '../../../src/server/labs/registry';
import { fallbackCommands } from '../../../src/server/terminal/fallback-commands';
import { projectFiles } from '../../../src/server/terminal/project';

// npm install plus several wrangler runs: slow when the machine is shared, never timed.
vi.setConfig({ testTimeout: 240_000 });

// Lab 08 needs the terminal: its checks pass only after real wrangler (run from the fallback's commands,
// as a learner pastes them) created the namespace and deployed the customer into it, and the dispatcher routes.
const lab = findLab('deploy-from-terminal')!;
let server: CourseServer;
let dir: string;
beforeAll(async () => {
  server = await startCourseServer();
  dir = mkdtempSync(join(tmpdir(), 'wfp-terminal-lab-'));
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const editable = (files: Record<string, string>) => Object.fromEntries(lab.definition.files.filter((f) => f.editable).map((f) => [f.path, files[f.path]!]));

async function check(sandbox: { sandboxId: string; token: string }, files: Record<string, string>) {
  const res = await fetch(`${server.url}/api/labs/${lab.definition.id}/check?sandbox=${sandbox.sandboxId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sandbox.token}` },
    body: JSON.stringify({ files: editable(files) }),
  });
  expect(res.status).toBe(200);
  const events = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; name?: string; passed?: boolean; message?: string });
  return events.filter((e) => e.type === 'result').map((e) => ({ name: e.name!, passed: e.passed!, message: e.message! }));
}

test('the lab is a terminal lab and its sandbox starts without the namespace', () => {
  expect(lab.definition.terminal?.namespace).toBe('customers');
  expect(lab.starterConfig.namespace).toBe('customers');
});

test('checks fail until wrangler created the namespace and deployed the customer, then pass with a routing dispatcher', async () => {
  const created = await fetch(`${server.url}/api/labs/${lab.definition.id}/sandbox`, { method: 'POST' });
  expect(created.status).toBe(201);
  const sandbox = (await created.json()) as { sandboxId: string; token: string };

  // Nothing done yet: every check fails, saying what to run.
  const before = await check(sandbox, lab.solution);
  expect(before.map((r) => r.passed)).toEqual([false, false, false, false]);
  expect(before[0]!.message).toContain('npx wrangler dispatch-namespace create customers');

  // The fallback's commands, with this sandbox's values, as the Terminal tab shows them.
  const apiBase = `${server.url}/api/sandboxes/${sandbox.sandboxId}/client/v4`;
  const accounts = (await (await fetch(`${apiBase}/accounts`, { headers: { authorization: `Bearer ${sandbox.token}` } })).json()) as { result: Array<{ id: string }> };
  const target = { apiBase, accountId: accounts.result[0]!.id, token: sandbox.token };
  const spec = lab.definition.terminal!;
  const folder = `wfp-${lab.definition.id}`;
  const files = projectFiles(folder, spec, { [spec.worker.main]: lab.starter[spec.worker.main]! });
  const run = await runInBash(fallbackCommands({ folder, target, spec, files }), dir);
  expect(run.code, run.output).toBe(0);
  expect(run.steps['step-1']).toMatch(/Created dispatch namespace "customers"/);
  expect(run.steps['step-2']).toMatch(/Uploaded pizza-palace/);

  // The starter dispatcher routes nothing: the terminal steps pass, routing does not.
  const starter = await check(sandbox, lab.starter);
  expect(starter.map((r) => r.passed)).toEqual([true, true, false, false]);
  expect(starter[2]!.message).toMatch(/pizza-palace/);

  const solved = await check(sandbox, lab.solution);
  expect(solved.filter((r) => !r.passed)).toEqual([]);
});
