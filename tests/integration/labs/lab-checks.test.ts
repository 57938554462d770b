import { afterAll, describe, expect, test } from 'vitest';
import { allLabs } from '../../../src/server/labs/registry';
import { createLabSandbox } from '../../../src/server/labs/lab-sandbox';
import { checkLab, runLab } from '../../../src/server/labs/lab-runs';
import { inSandboxCloudflareApi } from '../../../src/server/lab-api/cloudflare-api-routes';
import { createRateLimiter } from '../../../src/server/lab-api/rate-limit';
import { testEngine } from '../../support/lab-engine';

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

describe.each(allLabs().map((lab) => [lab.definition.id, lab] as const))('lab %s', (_id, lab) => {
  test('its starter fails at least one check and its solution passes them all', async () => {
    const sandbox = await createLabSandbox(engine, lab);
    try {
      const starter = await checkLab(sandbox, lab, editableOf(lab.starter, lab), { onResult: () => {} });
      expect(starter.filter((r) => !r.passed).length, JSON.stringify(starter, null, 1)).toBeGreaterThan(0);
      for (const r of starter.filter((x) => !x.passed)) expect(r.message.length).toBeGreaterThan(10);
      const solved = await checkLab(sandbox, lab, editableOf(lab.solution, lab), { onResult: () => {} });
      expect(solved.filter((r) => !r.passed), JSON.stringify(solved, null, 1)).toEqual([]);
      const preset = lab.definition.presets[0]!;
      const run = await runLab(sandbox, lab, editableOf(lab.solution, lab), preset);
      expect(run.error).toBeNull();
      expect(run.trace.hops[0]?.kind).toBe('dispatcher');
    } finally {
      await engine.dispose(sandbox.id);
    }
  });
});
