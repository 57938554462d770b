import type { SqlExecutor } from './sql';

export interface RunnerCapacity {
  live: number;
  free: number;
  warm: number;
  max: number;
  memoryBytes: number;
}

export interface RunnerRow {
  id: string;
  url: string;
  host: string;
  pid: number;
  dirs: string;
  started_at: string;
  heartbeat_at: string;
  max_sandboxes: number;
  live: number;
  free: number;
  warm: number;
  memory_bytes: number;
  draining: number;
  stopped: number;
}

export interface RunnerRegistration {
  id: string;
  url: string;
  host: string;
  pid: number;
  /** Directories this runner owns on its machine (removed by whoever finds it dead). */
  dirs: string[];
  capacity: RunnerCapacity;
}

const iso = (ms = Date.now()) => new Date(ms).toISOString();

/** Runners and their heartbeats: a runner is live while its heartbeat is fresher than `deadAfterMs`. */
export function createRunnersRepository(db: SqlExecutor, deadAfterMs: number) {
  const freshSince = () => iso(Date.now() - deadAfterMs);
  return {
    async register(r: RunnerRegistration) {
      const now = iso();
      const c = r.capacity;
      await db.run(
        `INSERT INTO lab_runners (id, url, host, pid, dirs, started_at, heartbeat_at, max_sandboxes, live, free, warm, memory_bytes, draining, stopped)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, dirs = excluded.dirs, heartbeat_at = excluded.heartbeat_at, stopped = 0`,
        [r.id, r.url, r.host, r.pid, JSON.stringify(r.dirs), now, now, c.max, c.live, c.free, c.warm, c.memoryBytes],
      );
    },
    /** False when the row is gone or marked stopped (another process found this runner unreachable). */
    async heartbeat(id: string, c: RunnerCapacity, draining: boolean): Promise<boolean> {
      const { changes } = await db.run(
        'UPDATE lab_runners SET heartbeat_at = ?, max_sandboxes = ?, live = ?, free = ?, warm = ?, memory_bytes = ?, draining = ? WHERE id = ? AND stopped = 0',
        [iso(), c.max, c.live, c.free, c.warm, c.memoryBytes, draining ? 1 : 0, id],
      );
      return changes === 1;
    },
    /** Marks a runner gone (stopped cleanly, or found unreachable): no new sandboxes, its own are moved on use. */
    async markStopped(id: string) {
      await db.run('UPDATE lab_runners SET stopped = 1 WHERE id = ?', [id]);
    },
    async setDraining(id: string, draining: boolean) {
      await db.run('UPDATE lab_runners SET draining = ? WHERE id = ?', [draining ? 1 : 0, id]);
    },
    /** Runners that answer heartbeats and are not stopped (draining ones included: they still serve their own). */
    live: () => db.all<RunnerRow>('SELECT * FROM lab_runners WHERE stopped = 0 AND heartbeat_at > ? ORDER BY id', [freshSince()]),
    get: (id: string) => db.get<RunnerRow>('SELECT * FROM lab_runners WHERE id = ?', [id]),
    /** Runners that stopped or whose heartbeat is stale: their directories may be removed. */
    dead: () => db.all<RunnerRow>('SELECT * FROM lab_runners WHERE stopped = 1 OR heartbeat_at <= ?', [freshSince()]),
    async forget(id: string) {
      await db.run('DELETE FROM lab_runners WHERE id = ?', [id]);
    },
    isLive: (row: Pick<RunnerRow, 'stopped' | 'heartbeat_at'>) => row.stopped === 0 && row.heartbeat_at > freshSince(),
  };
}

export type RunnersRepository = ReturnType<typeof createRunnersRepository>;
