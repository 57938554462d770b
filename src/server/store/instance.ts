import { resolve } from 'node:path';
import { createStore, type Store } from './create-store';

let store: Store | undefined;

/** The server process's one store, opened on first use in COURSE_DATA_DIR (default ./data). */
export function getStore(): Store {
  store ??= createStore({ dataDir: resolve(process.env.COURSE_DATA_DIR || './data') });
  return store;
}
