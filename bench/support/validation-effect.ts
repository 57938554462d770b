import type { Sandbox } from '../../src/server/lab-engine';
import { applyLabFiles, createLabSandbox } from '../../src/server/labs/lab-sandbox';
import { findLab } from '../../src/server/labs/registry';
import { runLab } from '../../src/server/labs/lab-runs';
import { testEngine } from '../../tests/support/lab-engine';
import { ms, percentile } from './stats';

type Row = [measure: string, result: string, goal?: string];

/**
 * What validating each distinct upload once saves: learners' sandboxes (runtime already started) upload the
 * same lab files and run them, on an engine with the validation cache and one without, alternating so both
 * see the same load on the shared machine.
 */
export async function validationEffect(rows: Row[], learners = 20) {
  const lab = findLab('onboard-customer') ?? findLab('first-dispatch')!;
  const engines = { without: testEngine({ maxSandboxes: 4, validateOnce: false, log: () => {} }), cached: testEngine({ maxSandboxes: 4, log: () => {} }) };
  const upload: Record<string, number[]> = { without: [], cached: [] };
  const total: Record<string, number[]> = { without: [], cached: [] };
  try {
    for (let i = 0; i < learners; i++) {
      for (const kind of ['without', 'cached'] as const) {
        const engine = engines[kind];
        const sandbox: Sandbox = await createLabSandbox(engine, lab);
        await sandbox.warm();
        const t = performance.now();
        await applyLabFiles(sandbox, lab, lab.solution);
        upload[kind]!.push(performance.now() - t);
        const result = await runLab(sandbox, lab, lab.solution, { url: 'https://acme-corp.example.com/' });
        if (result.error) throw new Error(`run failed: ${result.error.message}`);
        total[kind]!.push(performance.now() - t);
        await engine.dispose(sandbox.id);
      }
    }
  } finally {
    await Promise.all([engines.without.close(), engines.cached.close()]);
  }
  const fmt = (kind: 'without' | 'cached') => {
    const v = engines[kind].warmStats.validations;
    return `upload ${ms(percentile(upload[kind]!, 50))} / ${ms(percentile(upload[kind]!, 95))}; to first result ${ms(percentile(total[kind]!, 50))} / ${ms(percentile(total[kind]!, 95))} (${v.validations} validations${v.hits ? `, ${v.hits} skipped` : ''})`;
  };
  rows.push([`A started sandbox uploads a lab's Workers (${lab.definition.id}) and runs them, p50 / p95 over ${learners} learners: every upload validated`, fmt('without')]);
  rows.push(['… each distinct upload validated once per engine', fmt('cached')]);
}
