import { afterEach, expect, test } from 'vitest';
import type { LabEngine } from '../../../src/server/lab-engine';
import { applyLabFiles, createLabSandbox, provisionLabSandbox } from '../../../src/server/labs/lab-sandbox';
import { prepareLabForClass } from '../../../src/server/labs/lab-warmup';
import { findLab } from '../../../src/server/labs/registry';
import { runLab } from '../../../src/server/labs/lab-runs';
import { esm, testEngine } from '../../support/lab-engine';
import { workerdCount } from '../../support/processes';

let engine: (LabEngine & { close(): Promise<void> }) | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lab = findLab('first-dispatch')!;
const learner = (n: number) => ({ key: `user:${n}`, anonymous: false });

async function until(what: string, ok: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

test('an announced class makes the engine start real workerd processes before it begins, and learners get them warm', async () => {
  const created: LabEngine & { close(): Promise<void> } = testEngine({ maxSandboxes: 20, warmPoolSize: 0, log: () => {}, prepareLab: (id): Promise<void> => prepareLabForClass(created, id) });
  engine = created;
  await sleep(500);
  expect(workerdCount(process.pid)).toBe(0); // floor 0: nothing warm without a class

  const at = Date.now() + 45_000;
  const plan = engine.prepareFor({ labId: lab.definition.id, learners: 4, at });
  expect(Date.parse(plan.fillFrom)).toBeLessThanOrEqual(Date.now());

  // Well before the start time: four runtimes started and waiting, as real workerd processes.
  await until('four warm runtimes', () => engine!.capacity().warm >= 4, 40_000);
  expect(Date.now()).toBeLessThan(at);
  expect(workerdCount(process.pid)).toBeGreaterThanOrEqual(4);
  // The lab was prepared once: its starter and solution uploads are already validated.
  await until('the lab prepared', () => engine!.warmStats.validations.cached > 0, 20_000);
  const validatedBefore = engine.warmStats.validations.validations;
  const startedBefore = engine.warmStats.started;

  // A learner arrives: their sandbox is a warm runtime (no new workerd was started for it).
  const admitted = await engine.admit(learner(1));
  if (admitted.status !== 'ready') throw new Error('expected a sandbox');
  const sandbox = admitted.sandbox;
  expect(sandbox.runtimeRunning).toBe(true);
  expect(sandbox.runtimePid).not.toBeNull();
  expect(engine.capacity()).toMatchObject({ live: 1, free: 19, max: 20, waiting: 0 });
  await provisionLabSandbox(engine, sandbox, lab);
  const result = await runLab(sandbox, lab, lab.starter, { url: 'https://acme-corp.example.com/' });
  expect(result.error).toBeNull();
  expect(result.status).not.toBeNull();
  // Its upload matched the prepared one: nothing was loaded again to validate it.
  expect(engine.warmStats.validations.validations).toBe(validatedBefore);
  expect(engine.warmStats.validations.hits).toBeGreaterThan(0);
  expect(engine.warmStats.started).toBeGreaterThanOrEqual(startedBefore);

  // The rest of the class arrives; then the pool shrinks back to its floor (the arrival rate asks for one).
  for (let i = 2; i <= 4; i++) expect((await engine.admit(learner(i))).status).toBe('ready');
  await until('the pool to shrink after the class arrived', () => engine!.capacity().warm <= 1, 30_000);
  expect(engine.capacity().live).toBe(4);
}, 120_000);

test('a cancelled class lets its warm runtimes go', async () => {
  engine = testEngine({ maxSandboxes: 10, warmPoolSize: 0, log: () => {} });
  const at = new Date(Date.now() + 60_000).toISOString();
  engine.prepareFor({ labId: 'any-lab', learners: 2, at });
  await until('two warm runtimes', () => engine!.capacity().warm >= 2, 40_000);
  expect(engine.cancelPrepared('any-lab', at)).toBe(true);
  await until('no warm runtimes', () => engine!.capacity().warm === 0, 10_000);
  await until('their workerd processes gone', () => workerdCount(process.pid) === 0, 10_000);
}, 90_000);

test('each distinct upload is validated (loaded) once per engine, not once per learner', async () => {
  engine = testEngine({ maxSandboxes: 10, log: () => {} });
  const workers = [lab.starterConfig.dispatcher, lab.starterConfig.outbound, ...lab.starterConfig.accountWorkers, ...lab.starterConfig.userWorkers].filter(Boolean).length;
  const sandboxes = [];
  for (let i = 0; i < 3; i++) {
    const s = await createLabSandbox(engine, lab);
    await applyLabFiles(s, lab, lab.starter);
    sandboxes.push(s);
  }
  // Three learners, the same starter: each Worker was loaded once to validate it; the others skipped it.
  expect(engine.warmStats.validations).toMatchObject({ validations: workers, hits: 2 * workers });
  // An edit is a new upload: validated once more, then known for everyone.
  const edited = { ...lab.starter, [lab.starterConfig.dispatcher.main]: `${lab.starter[lab.starterConfig.dispatcher.main]}\n// edited` };
  await applyLabFiles(sandboxes[0]!, lab, edited);
  await applyLabFiles(sandboxes[1]!, lab, edited);
  expect(engine.warmStats.validations).toMatchObject({ validations: workers + 1, hits: 2 * workers + 1 });
  for (const s of sandboxes) expect((await runLab(s, lab, s === sandboxes[2] ? lab.starter : edited, { url: 'https://acme-corp.example.com/' })).error).toBeNull();
}, 120_000);

test('an upload that fails validation is never remembered: every learner gets the error', async () => {
  engine = testEngine({ maxSandboxes: 4, log: () => {} });
  const broken = esm(`throw new Error('broken at start-up'); export default { fetch() { return new Response('x'); } }`);
  for (let i = 0; i < 2; i++) {
    const s = await engine.create();
    await expect(s.uploadAccountWorker('broken', broken)).rejects.toThrow(/broken at start-up/);
  }
  expect(engine.warmStats.validations).toMatchObject({ validations: 2, hits: 0, cached: 0 });
}, 60_000);
