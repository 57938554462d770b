import { labEngine } from '../lab-api/instance';

/** One runner's capacity as the instructor dashboard shows it. */
export interface RunnerCapacity {
  runnerId: string;
  label: string;
  /** Live lab sandboxes. */
  live: number;
  /** Places for new sandboxes (LAB_MAX_SANDBOXES minus live). */
  free: number;
  /** Started runtimes waiting in the warm pool. */
  warm: number;
  max: number;
  /** Resident memory of the runner (its process and workerd processes). */
  memoryBytes: number;
  /** ISO time of its last heartbeat; for the embedded runner, now. */
  lastHeartbeatAt: string;
}

/**
 * Capacity per runner. In the embedded default there is one runner, this server's own engine; with
 * separate lab runners this is read from the store's runner registry (their heartbeats).
 */
export async function listRunnerCapacity(): Promise<RunnerCapacity[]> {
  const { live, free, warm, max, memoryBytes } = labEngine().capacity();
  return [{ runnerId: 'embedded', label: 'this server', live, free, warm, max, memoryBytes, lastHeartbeatAt: new Date().toISOString() }];
}

/** Learners waiting in line for a lab sandbox, across all runners. */
export async function waitingLearners(): Promise<number> {
  return labEngine().capacity().waiting;
}
