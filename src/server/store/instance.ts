import { resolve } from 'node:path';
import { createStore, type Store } from './create-store';

let store: Store | undefined;

/**
 * The server process's one store: PostgreSQL when DATABASE_URL is set, otherwise SQLite in COURSE_DATA_DIR
 * (default ./data). Synchronous; it connects on `await getStore().ready()` or its first query.
 */
export function getStore(): Store {
  store ??= createStore({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: resolve(process.env.COURSE_DATA_DIR || './data'),
    poolSize: process.env.DATABASE_POOL_SIZE ? Number(process.env.DATABASE_POOL_SIZE) : undefined,
  });
  return store;
}
