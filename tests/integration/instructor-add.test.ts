import { execFile } from 'node:child_process';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { verifyPassword } from '../../src/server/auth/password';
import { serverBackend } from '../support/postgres';
import { openTestStore, type TestStore } from '../support/test-store';

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore(serverBackend); // SQLite in a temp COURSE_DATA_DIR, or a fresh PostgreSQL database
  await t.store.close();
});
afterEach(async () => t.cleanup());
const storeEnv = () => ({ COURSE_DATA_DIR: t.options.dataDir!, DATABASE_URL: t.options.databaseUrl ?? '' });

/** Runs `npm run instructor:add -- ...args` as a user would, optionally typing into standard input. */
function instructorAdd(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('npm', ['run', '-s', 'instructor:add', '--', ...args], { env: { ...process.env, ...storeEnv() } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

test('creates an instructor with a password read from standard input, then promotes an existing learner', async () => {
  const created = await instructorAdd(['--email', 'Grace@Example.com', '--name', 'Grace Hopper'], 'a-long-secret-password\n');
  expect(created.stderr.replace(/npm warn.*\n/g, '')).toBe('');
  expect(created.stdout).toContain('Created instructor: Grace Hopper <grace@example.com>');

  let store = t.open();
  const grace = (await store.users.findByEmail('grace@example.com'))!;
  expect(grace.role).toBe('instructor');
  expect(await verifyPassword('a-long-secret-password', grace.passwordHash)).toBe(true);
  await store.users.create({ email: 'ada@example.com', name: 'Ada', role: 'learner', passwordHash: 'unchanged' });
  await store.close();

  const promoted = await instructorAdd(['--email', 'ada@example.com']);
  expect(promoted.code).toBe(0);
  expect(promoted.stdout).toContain('Promoted to instructor: Ada <ada@example.com>');
  store = t.open();
  expect(await store.users.findByEmail('ada@example.com')).toMatchObject({ role: 'instructor', passwordHash: 'unchanged' });
  await store.close();
});

test('refuses a short password or a missing email, creating nothing', async () => {
  const short = await instructorAdd(['--email', 'x@example.com', '--password', 'short']);
  expect(short.code).not.toBe(0);
  expect(short.stderr).toContain('password: use at least 10 characters');
  const missing = await instructorAdd([]);
  expect(missing.code).not.toBe(0);
  expect(missing.stderr).toContain('Usage: npm run instructor:add -- --email');
  const store = t.open();
  expect(await store.users.list()).toEqual([]);
  await store.close();
});
