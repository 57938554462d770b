import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StorageQuota } from './storage-quota';

const POLL_MS = 100;

/**
 * While a run or a storage call is in flight: one SQL statement can write far more than it admitted (a recursive
 * INSERT … randomblob writes ~200 MB/s), so the sandbox's disk use is sampled and the runtime stopped the moment it
 * passes the quota. The statement never commits; `reclaimUncommitted` then empties the WAL it left behind.
 */
export function watchStorage(quota: StorageQuota) {
  let stop = () => {};
  const exceeded = new Promise<void>((resolve) => {
    let busy = false;
    const interval = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        if (await quota.overrun()) resolve();
      } finally {
        busy = false;
      }
    }, POLL_MS);
    stop = () => clearInterval(interval);
  });
  return { exceeded, stop: () => stop() };
}

async function* sqliteFiles(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sqliteFiles(p);
    else if (e.name.endsWith('.sqlite')) yield p;
  }
}

/**
 * After the runtime was killed mid-write: checkpoints each database (committed data is kept) and truncates its WAL,
 * dropping the frames of the statement that never committed. The runtime must not be running.
 */
export async function reclaimUncommitted(dir: string): Promise<void> {
  for await (const file of sqliteFiles(dir)) {
    try {
      const db = new DatabaseSync(file);
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    } catch {
      /* not a database we can open (being written, or not SQLite): leave it */
    }
  }
}
