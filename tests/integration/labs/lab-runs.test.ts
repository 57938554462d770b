import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { applyLabFiles, createLabSandbox, mergeFiles } from '../../../src/server/labs/lab-sandbox';
import { checkLab, ChecksStopped, runLab, type RunStage } from '../../../src/server/labs/lab-runs';
import { findLab } from '../../../src/server/labs/registry';
import { testEngine } from '../../support/lab-engine';

const engine = testEngine({ maxSandboxes: 2, limits: { runTimeoutMs: 5_000 } });
const lab = findLab('first-dispatch')!;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createLabSandbox(engine, lab);
});
afterAll(() => engine.close());

const loop = 'export default {\n  fetch() {\n    while (true) {}\n  },\n};\n';
const hello = "export default { fetch() { return new Response('hello'); } };\n";
const url = 'https://acme-corp.example.com/';

test('a run reports its stages: starting (cold runtime), uploading, running', async () => {
  const stages: RunStage[] = [];
  const result = await runLab(sandbox, lab, { 'dispatcher.js': hello }, { url }, { onStage: (s) => stages.push(s) });
  expect(result.body).toBe('hello');
  expect(stages).toEqual(['starting', 'uploading', 'running']);
});

test('cancel() stops a runaway run with "Stopped by you." and the next run works', async () => {
  const running = runLab(sandbox, lab, { 'dispatcher.js': loop }, { url });
  // Wait until the request is in flight (the upload and the runtime restart come first).
  while (!(await sandbox.cancel().then((stopped) => stopped))) await new Promise((r) => setTimeout(r, 50));
  const result = await running;
  expect(result.error).toMatchObject({ kind: 'cancelled', message: 'Stopped by you.' });
  expect(await sandbox.cancel()).toBe(false);
  expect((await runLab(sandbox, lab, { 'dispatcher.js': hello }, { url })).body).toBe('hello');
});

test('a per-run budget shortens the watchdog for that run only', async () => {
  // A timer keeps the promise alive (workerd throws for a promise that can never settle).
  const hang = 'export default { fetch() { return new Promise(() => { setInterval(() => {}, 100); }); } };\n';
  await applyLabFiles(sandbox, lab, mergeFiles(lab, { 'dispatcher.js': hang }));
  const short = await sandbox.send({ url, script: lab.starterConfig.dispatcher.name }, { timeoutMs: 300 });
  expect(short.error?.kind).toBe('timeout');
  expect(short.error?.message).toContain('0.3 s');
});

test('a startup error carries the location in the learner\'s file', async () => {
  const result = await runLab(sandbox, lab, { 'dispatcher.js': 'export default {\n  fetch() {\n    return new Response("x"\n  },\n};\n' }, { url });
  expect(result.error?.kind).toBe('startup');
  expect(result.error?.location?.file).toBe('dispatcher.js');
  expect(result.error?.location?.line).toBeGreaterThanOrEqual(3);
});

test('checks report each start, and an abort stops the remaining checks', async () => {
  const started: number[] = [];
  const results = await checkLab(sandbox, lab, { 'dispatcher.js': lab.solution['dispatcher.js']! }, { onCheckStart: (i) => started.push(i), onResult: () => {} });
  expect(started).toEqual(lab.definition.checks.map((_, i) => i));
  expect(results.every((r) => r.passed && r.durationMs >= 0)).toBe(true);

  const controller = new AbortController();
  controller.abort();
  await expect(checkLab(sandbox, lab, {}, { onResult: () => {}, signal: controller.signal })).rejects.toBeInstanceOf(ChecksStopped);
});
