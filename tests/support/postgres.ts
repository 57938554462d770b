import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, test } from 'vitest';

/**
 * PostgreSQL for tests. TEST_DATABASE_URL names a server and a database the tests may create databases from
 * (e.g. postgres://postgres:pw@127.0.0.1:5432/postgres); each test file gets its own fresh database.
 * Without it, PostgreSQL cases FAIL, unless SKIP_POSTGRES_TESTS=1 says explicitly that they are skipped.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const SKIP_POSTGRES = process.env.SKIP_POSTGRES_TESTS === '1';
export const MISSING_POSTGRES =
  'TEST_DATABASE_URL is not set, so the PostgreSQL tests cannot run. Point it at a PostgreSQL server ' +
  '(e.g. TEST_DATABASE_URL=postgres://postgres:pw@127.0.0.1:5432/postgres; see README "Testing on PostgreSQL"), ' +
  'or set SKIP_POSTGRES_TESTS=1 to skip them on purpose.';

export type Backend = 'sqlite' | 'postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the TEST_DATABASE_URL server; `drop()` removes it (and ends its connections). */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error(MISSING_POSTGRES);
  const name = `course_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Runs `fn`'s tests once per backend. The PostgreSQL copy fails with a clear message when TEST_DATABASE_URL is
 * missing, so a run without PostgreSQL can never pass as if it had tested it.
 */
export function describeBackends(name: string, fn: (backend: Backend) => void): void {
  describe(`${name} [sqlite]`, () => fn('sqlite'));
  if (TEST_DATABASE_URL) describe(`${name} [postgres]`, () => fn('postgres'));
  else if (SKIP_POSTGRES) describe.skip(`${name} [postgres] (SKIP_POSTGRES_TESTS=1)`, () => test('skipped', () => {}));
  else
    describe(`${name} [postgres]`, () => {
      test('needs TEST_DATABASE_URL', () => {
        throw new Error(MISSING_POSTGRES);
      });
    });
}

/** The store the integration suite's servers use: PostgreSQL in the suite's PostgreSQL pass (TEST_STORE=postgres). */
export const serverBackend: Backend = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** One test that needs PostgreSQL: fails without TEST_DATABASE_URL unless SKIP_POSTGRES_TESTS=1. */
export function pgTest(name: string, fn: (url: string) => Promise<void>, timeout?: number): void {
  if (TEST_DATABASE_URL) test(`${name} [postgres]`, () => fn(TEST_DATABASE_URL!), timeout);
  else if (SKIP_POSTGRES) test.skip(`${name} [postgres] (SKIP_POSTGRES_TESTS=1)`, () => {});
  else
    test(`${name} [postgres]`, () => {
      throw new Error(MISSING_POSTGRES);
    });
}
