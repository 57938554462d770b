import type { D1Handle, D1Result, D1Statement, KvHandle } from './storage-handles';

/** Sends one storage call to the runtime's control Worker and returns its result (throws its error). */
export type StorageCall = (path: '/kv' | '/d1', body: Record<string, unknown>) => Promise<unknown>;

/** KV for Node code (seeding, checks, the Cloudflare API), over async calls with a deadline. */
export function kvClient(call: StorageCall, binding: string): KvHandle {
  const kv = (body: Record<string, unknown>) => call('/kv', { binding, ...body });
  return {
    get: async (key) => (await kv({ op: 'get', key })) as string | null,
    put: async (key, value, options) => void (await kv({ op: 'put', key, value, options: options ?? null })),
    delete: async (key) => void (await kv({ op: 'delete', key })),
    list: async (options) => (await kv({ op: 'list', options: options ?? null })) as Awaited<ReturnType<KvHandle['list']>>,
  };
}

interface StatementSpec {
  sql: string;
  params: unknown[];
}
const specs = new WeakMap<D1Statement, StatementSpec>();

/** D1 for Node code: statements are plain data (sql + params), so `batch` sends their specs. */
export function d1Client(call: StorageCall, binding: string): D1Handle {
  const d1 = (body: Record<string, unknown>) => call('/d1', { binding, ...body });
  const statement = (spec: StatementSpec): D1Statement => {
    const s: D1Statement = {
      bind: (...values) => statement({ sql: spec.sql, params: values }),
      all: async <T>() => (await d1({ op: 'all', ...spec })) as D1Result<T>,
      run: async () => (await d1({ op: 'run', ...spec })) as D1Result,
      first: async <T>() => (await d1({ op: 'first', ...spec })) as T | null,
    };
    specs.set(s, spec);
    return s;
  };
  return {
    prepare: (sql) => statement({ sql, params: [] }),
    batch: async (statements) => {
      const list = statements.map((s) => {
        const spec = specs.get(s);
        if (!spec) throw new TypeError('batch() takes statements made by this database\'s prepare().');
        return spec;
      });
      return (await d1({ op: 'batch', statements: list })) as D1Result[];
    },
    exec: async (sql) => (await d1({ op: 'exec', sql })) as { count: number; duration: number },
  };
}
