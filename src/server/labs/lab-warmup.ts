import type { LabEngine } from '../lab-engine';
import { applyLabFiles, createLabSandbox } from './lab-sandbox';
import { findLab } from './registry';

/**
 * Gets a lab ready for an announced class: provisions one throwaway sandbox and uploads the lab's starter
 * and solution files, so the engine's validation cache holds them and each learner's identical upload
 * skips the load that validates it. Costs one sandbox for a moment, once per class, not once per learner.
 */
export async function prepareLabForClass(engine: LabEngine, labId: string): Promise<void> {
  const lab = findLab(labId);
  if (!lab) throw new Error(`no lab "${labId}"`);
  const sandbox = await createLabSandbox(engine, lab);
  try {
    await applyLabFiles(sandbox, lab, lab.starter);
    await applyLabFiles(sandbox, lab, lab.solution);
  } finally {
    await engine.dispose(sandbox.id);
  }
}
