import { readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { sandboxRootFor } from '../lab-engine/outer-sandbox';
import type { RunnerRow, RunnersRepository } from './store/runners';

/** Where a runner keeps its disk: one directory per runner id, so runners never touch each other's. */
export const runnersRoot = (dataDir: string) => join(dataDir, 'labs', 'runners');
export const runnerDir = (dataDir: string, id: string) => join(runnersRoot(dataDir), id);

const remove = (path: string) => rmSync(path, { recursive: true, force: true });

/** A runner on this machine whose process is gone is dead now, whatever its last heartbeat says. */
export function processGone(row: Pick<RunnerRow, 'host' | 'pid'>): boolean {
  if (row.host !== hostname()) return false;
  try {
    process.kill(row.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the directories of runners that are dead by the store's record (stopped, stale heartbeat, or a
 * process on this machine that no longer exists), and runner directories under this data dir that belong
 * to no live runner. Live runners' directories are never touched. Returns how many runners were swept.
 */
export async function sweepDeadRunners(runners: RunnersRepository, dataDir: string, self: string): Promise<number> {
  let swept = 0;
  const live = await runners.live();
  for (const row of live) if (row.id !== self && processGone(row)) await runners.markStopped(row.id);
  const liveIds = new Set((await runners.live()).map((r) => r.id));
  liveIds.add(self);
  for (const row of await runners.dead()) {
    if (row.host !== hostname() || liveIds.has(row.id)) continue;
    for (const dir of JSON.parse(row.dirs) as string[]) remove(dir);
    await runners.forget(row.id);
    swept++;
  }
  let names: string[] = [];
  try {
    names = readdirSync(runnersRoot(dataDir));
  } catch {
    /* none yet */
  }
  for (const name of names) {
    if (liveIds.has(name)) continue;
    const dir = runnerDir(dataDir, name);
    remove(sandboxRootFor(dir));
    remove(dir);
    swept++;
  }
  return swept;
}
