import { labServices } from '../lab-api/instance';

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
  /** Memory in use as the runner reports it (its process and workerd processes). */
  memoryBytes: number;
  /** ISO time of its last heartbeat. */
  lastHeartbeatAt: string;
}

/** Capacity per live runner, from the store's runner registry (their heartbeats, every 2 s). */
export async function listRunnerCapacity(): Promise<RunnerCapacity[]> {
  const labs = await labServices();
  const own = labs.node?.id;
  return (await labs.fleet.placements()).map(({ row, count, free }) => ({
    runnerId: row.id,
    label: row.id === own ? 'this server' : `${row.url}${row.draining ? ' (draining)' : ''}`,
    live: count,
    free,
    warm: row.warm,
    max: row.max_sandboxes,
    memoryBytes: Number(row.memory_bytes),
    lastHeartbeatAt: row.heartbeat_at,
  }));
}

/** Learners waiting in line for a lab sandbox, across all runners (the site-wide queue in the store). */
export async function waitingLearners(): Promise<number> {
  const labs = await labServices();
  return (await labs.queue.line()).length;
}
