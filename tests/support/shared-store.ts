import { createStore, type Store } from '../../src/server/store/create-store';
import { createTestDatabase, serverBackend, type TestDatabase } from './postgres';

/**
 * One store shared by several processes (web processes and lab runners): the data dir's SQLite file, or in
 * the suite's PostgreSQL pass (TEST_STORE=postgres) one fresh database they all get as DATABASE_URL.
 */
export async function sharedStore(dataDir: string): Promise<{ databaseUrl?: string; env: Record<string, string>; store: Store; close(): Promise<void> }> {
  const database: TestDatabase | undefined = serverBackend === 'postgres' ? await createTestDatabase() : undefined;
  const store = createStore({ dataDir, databaseUrl: database?.url });
  await store.ready();
  return {
    ...(database ? { databaseUrl: database.url } : {}),
    env: database ? { DATABASE_URL: database.url } : {},
    store,
    async close() {
      await store.close();
      await database?.drop();
    },
  };
}
