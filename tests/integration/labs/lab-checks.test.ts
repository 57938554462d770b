import { afterAll, describe, expect, test } from 'vitest';
import { allLabs } from '../../../src/server/labs/registry';
import { createLabSandbox } from '../../../src/server/labs/lab-sandbox';
import { checkLab, runLab } from '../../../src/server/labs/lab-runs';
import { inSandboxCloudflareApi } from '../../../src/server/lab-api/cloudflare-api-routes';
import { createRateLimiter } from '../../../src/server/lab-api/rate-limit';
import { testEngine } from '../../support/lab-engine';
import { platformConfigSchema } from '../../../src/schemas/lab';
import { wrongCasesOf } from '../../../src/server/labs/wrong-cases';

// Wired like the server's engine: Workers that call api.cloudflare.com reach their sandbox's API.
const apiLimit = createRateLimiter({ capacity: 1_000, perSecond: 100 });
const engine = testEngine({
  maxSandboxes: 4,
  limits: { runTimeoutMs: 3_000 },
  cloudflareApi: (sandbox, request) => inSandboxCloudflareApi(sandbox, request, apiLimit),
});
afterAll(() => engine.close());

const editableOf = (files: Record<string, string>, lab: ReturnType<typeof allLabs>[number]) =>
  Object.fromEntries(lab.definition.files.filter((f) => f.editable).map((f) => [f.path, files[f.path]!]));

test('there are labs to check', () => {
  expect(allLabs().length).toBeGreaterThan(0);
});

/**
 * A terminal lab's learner creates the namespace and deploys the customer with wrangler
 * (tests/integration/labs/terminal-lab.test.ts runs real wrangler); here the same state is made
 * through the engine, so its dispatcher checks can be held to the same standard as every other lab.
 */
async function asIfDeployedWithWrangler(sandbox: Awaited<ReturnType<typeof createLabSandbox>>, lab: ReturnType<typeof allLabs>[number]) {
  const spec = lab.definition.terminal;
  if (!spec) return;
  await sandbox.createNamespace(spec.namespace);
  const content = lab.solution[spec.worker.main]!;
  await sandbox.uploadUserWorker(spec.namespace, spec.worker.name, {
    metadata: { main_module: 'index.js', compatibility_date: '2026-07-01' },
    modules: [{ name: 'index.js', type: 'esm', content }],
  });
}

// Every lab, in one sandbox each, sequentially: the starter fails, the solution passes, and every
// plausible wrong solution kept in labs/<lab>/wrong/ fails at least one check.
describe.each(allLabs().map((lab) => [lab.definition.id, lab] as const))('lab %s', (_id, lab) => {
  test('its starter fails, its solution passes, and every wrong solution kept with it fails', async () => {
    const cases = wrongCasesOf(lab);
    expect(cases.length, `labs/${lab.folder}/wrong/ should hold at least three wrong solutions`).toBeGreaterThanOrEqual(3);
    for (const c of cases) expect(c.note.length, `labs/${lab.folder}/wrong/${c.name}/NOTE.md`).toBeGreaterThan(10);
    const sandbox = await createLabSandbox(engine, lab);
    try {
      if (!lab.definition.terminal) {
        const starter = await checkLab(sandbox, lab, editableOf(lab.starter, lab), { onResult: () => {} });
        expect(starter.filter((r) => !r.passed).length, JSON.stringify(starter, null, 1)).toBeGreaterThan(0);
        for (const r of starter.filter((x) => !x.passed)) expect(r.message.length).toBeGreaterThan(10);
      }
      await asIfDeployedWithWrangler(sandbox, lab);
      const solved = await checkLab(sandbox, lab, editableOf(lab.solution, lab), { onResult: () => {} });
      expect(solved.filter((r) => !r.passed), JSON.stringify(solved, null, 1)).toEqual([]);
      for (const c of cases) {
        const results = await checkLab(sandbox, lab, editableOf(c.files, lab), { onResult: () => {} });
        const failed = results.filter((r) => !r.passed);
        expect(failed.length, `wrong/${c.name} (${c.note}) passed every check`).toBeGreaterThan(0);
        if (process.env.LAB_WRONG_VERBOSE) console.info(`${lab.definition.id} wrong/${c.name}: fails ${failed.map((r) => JSON.stringify(r.name)).join(', ')}`);
      }
      const preset = lab.definition.presets[0]!;
      const run = await runLab(sandbox, lab, editableOf(lab.solution, lab), preset);
      expect(run.error).toBeNull();
      expect(run.trace.hops[0]?.kind).toBe('dispatcher');
    } finally {
      await engine.dispose(sandbox.id);
    }
  });
});

/** Platform secrets of a lab: secret_text values bound to its dispatcher, outbound or other account Workers. */
function platformSecrets(lab: ReturnType<typeof allLabs>[number]): string[] {
  const config = JSON.parse(lab.solution['platform.json']!) as { dispatcher: Worker; outbound?: Worker; accountWorkers?: Worker[] };
  type Worker = { bindings?: Array<{ type: string; text?: string }> };
  const workers = [config.dispatcher, config.outbound, ...(config.accountWorkers ?? [])].filter((w): w is Worker => Boolean(w));
  return workers.flatMap((w) => (w.bindings ?? []).filter((b) => b.type === 'secret_text' && b.text).map((b) => b.text!));
}

describe('review findings pinned on the labs', () => {
  test('outbound-worker: no response to the solution contains the platform\'s payments key (the stub does not echo it)', async () => {
    const lab = allLabs().find((l) => l.definition.id === 'outbound-worker')!;
    expect(platformSecrets(lab)).toContain('pk_lab_51c0ffee');
    expect(lab.definition.stubs.flatMap((s) => s.routes).some((r) => r.echo)).toBe(false);
    // The cleartext and other-port copies of the API accept the key too, so a check sees when it is sent there.
    expect(lab.definition.stubs.map((s) => new URL(s.origin).origin)).toEqual(expect.arrayContaining(['http://payments.example', 'https://payments.example:8443']));
    const sandbox = await createLabSandbox(engine, lab);
    try {
      for (const preset of lab.definition.presets) {
        const run = await runLab(sandbox, lab, editableOf(lab.solution, lab), preset);
        expect(run.body, preset.label).not.toContain('pk_lab_51c0ffee');
        expect(JSON.stringify(run.headers), preset.label).not.toContain('pk_lab_51c0ffee');
      }
    } finally {
      await engine.dispose(sandbox.id);
    }
  });

  test('outbound config in platform.json is Wrangler\'s `parameters`; the old `params` is refused', () => {
    const lab = allLabs().find((l) => l.definition.id === 'outbound-worker')!;
    const config = JSON.parse(lab.starter['platform.json']!) as { dispatcher: { bindings: Array<Record<string, unknown>> } };
    const binding = config.dispatcher.bindings.find((b) => b.type === 'dispatch_namespace')!;
    expect(binding.outbound).toEqual({ service: 'egress', parameters: ['customer'] });
    const old = { ...config, dispatcher: { ...config.dispatcher, bindings: [{ ...binding, outbound: { service: 'egress', params: ['customer'] } }] } };
    expect(platformConfigSchema.safeParse(old).success).toBe(false);
  });

  test('onboard-customer: the solution validates names itself and tags without a colon', () => {
    const lab = allLabs().find((l) => l.definition.id === 'onboard-customer')!;
    const source = lab.solution['platform.js']!;
    expect(source).toMatch(/SCRIPT_NAME\.test\(name\)/);
    expect(source).toContain('customer-${name}');
    expect(source).not.toContain('customer:${name}');
    expect(lab.definition.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['A code-only update keeps the CUSTOMER_NAME binding', 'Removing a customer deletes its scripts by tag']),
    );
  });

  test('routing-tables does not claim that real KV routes a new row at once', () => {
    const lab = allLabs().find((l) => l.definition.id === 'routing-tables')!;
    const check = lab.definition.checks.find((c) => c.name.startsWith('A new row'))!;
    expect(check.name).toMatch(/60 s or more/);
  });
});
