import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type Store, type StoreOptions } from '../../src/server/store/create-store';
import { createTestDatabase, type Backend } from './postgres';

export interface TestStore {
  store: Store;
  options: StoreOptions;
  /** Another store on the same data (a restart, or a second process's connection). */
  open(): Store;
  cleanup(): Promise<void>;
}

/** A fresh store on `backend`: SQLite in a new temp directory, or a new PostgreSQL database. */
export async function openTestStore(backend: Backend): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'course-store-'));
  const db = backend === 'postgres' ? await createTestDatabase() : undefined;
  const options: StoreOptions = { dataDir, databaseUrl: db?.url };
  const opened: Store[] = [];
  const open = () => {
    const s = createStore(options);
    opened.push(s);
    return s;
  };
  const store = open();
  await store.ready();
  return {
    store,
    options,
    open,
    async cleanup() {
      for (const s of opened) await s.close().catch(() => {});
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
