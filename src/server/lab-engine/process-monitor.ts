import { readFile, readdir } from 'node:fs/promises';

/**
 * Finds the workerd process carrying `marker` in its environment, as the host sees it (Linux /proc; other
 * systems get null and no memory watchdog). Under the outer sandbox the wrapper chain (sh → setpriv →
 * prlimit → bwrap → bwrap's pid-1 → workerd) carries the marker too, so the process named workerd wins.
 */
export async function findProcessByEnv(marker: string): Promise<number | null> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  let fallback: number | null = null;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = await readFile(`/proc/${entry}/environ`, 'latin1');
      if (!env.split('\0').includes(marker)) continue;
      const comm = (await readFile(`/proc/${entry}/comm`, 'latin1')).trim();
      if (comm === 'workerd') return Number(entry);
      fallback ??= Number(entry);
    } catch {
      /* process ended or not ours */
    }
  }
  return fallback;
}

export async function residentBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'latin1');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Whether the process is running or waiting for a core (state R) rather than sleeping. A busy loop stays
 * in R even on a loaded machine, where its CPU share can be small; a Worker awaiting I/O sleeps.
 */
export async function isRunnable(pid: number): Promise<boolean | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'R';
  } catch {
    return null;
  }
}

/**
 * Kills lab workerd processes whose owner died without disposing them (a crash, SIGKILL, a killed test
 * run). They have been reparented to init, and one stuck in a loop would burn a core forever.
 */
export async function killOrphanedRuntimes(envName: string): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return 0;
  }
  let killed = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'latin1');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== 1) continue;
      const env = await readFile(`/proc/${entry}/environ`, 'latin1');
      if (!env.split('\0').some((v) => v.startsWith(`${envName}=`))) continue;
      process.kill(Number(entry), 'SIGKILL');
      killed++;
    } catch {
      /* gone already, or not ours to read */
    }
  }
  return killed;
}
