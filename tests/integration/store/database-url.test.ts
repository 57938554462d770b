import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startCourseServer } from '../../support/course-server';
import { createTestDatabase, pgTest } from '../../support/postgres';

const dataDir = mkdtempSync(join(tmpdir(), 'course-dburl-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the built server as an operator would and waits for it to give up. */
function start(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  if (!existsSync('dist/server/entry.mjs')) throw new Error('No build in dist/: run `npm run build` first.');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/serve.mjs'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, COURSE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not stop on a wrong DATABASE_URL:\n${output}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A clear message naming DATABASE_URL, no stack trace, no password. */
function expectClearRefusal(result: { code: number | null; output: string }, says: RegExp) {
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('DATABASE_URL');
  expect(result.output).toMatch(says);
  expect(result.output).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.output).not.toContain('Course server listening');
}

test('an unreachable PostgreSQL host stops the start with a message naming DATABASE_URL', async () => {
  const result = await start('postgres://course:secret-pw@127.0.0.1:1/course');
  expectClearRefusal(result, /nothing accepts connections|refuse/i);
  expect(result.output).not.toContain('secret-pw');
});

test('a DATABASE_URL that is not a PostgreSQL URL is refused at start', async () => {
  expectClearRefusal(await start('mysql://root@localhost/course'), /must be a PostgreSQL URL/);
});

pgTest('a wrong password stops the start with a message naming DATABASE_URL', async (url) => {
  const wrong = new URL(url);
  wrong.password = 'definitely-not-the-password';
  const result = await start(wrong.toString());
  expectClearRefusal(result, /credentials|password/i);
  expect(result.output).not.toContain('definitely-not-the-password');
});

pgTest('a missing database stops the start with a message naming DATABASE_URL', async (url) => {
  const missing = new URL(url);
  missing.pathname = '/no_such_course_database';
  expectClearRefusal(await start(missing.toString()), /does not exist/);
});

pgTest(
  'readiness: /api/ready is 200 on PostgreSQL, 503 with a reason once the database is gone; /api/health stays 200',
  async () => {
    const db = await createTestDatabase();
    const server = await startCourseServer({ databaseUrl: db.url });
    try {
      const ready = await fetch(`${server.url}/api/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', store: 'postgres' });
      await db.drop(); // terminates the server's connections; new ones find no database
      const down = await fetch(`${server.url}/api/ready`);
      expect(down.status).toBe(503);
      const body = (await down.json()) as { status: string; reason: string };
      expect(body.status).toBe('unavailable');
      expect(body.reason).toMatch(/database.*(does not exist|cannot be reached|refuses)/);
      expect(body.reason).toContain('DATABASE_URL');
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      // A request that needs the store says the database is unreachable (503), not a bare 500.
      const signUp = await fetch(`${server.url}/api/auth/sign-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ email: 'ada@example.com', name: 'Ada', password: 'a-long-password-1' }),
      });
      expect(signUp.status).toBe(503);
    } finally {
      await server.stop();
      await db.drop();
    }
  },
  60_000,
);

test('readiness on the embedded SQLite store', async () => {
  const server = await startCourseServer({ databaseUrl: undefined, env: { DATABASE_URL: '' } });
  try {
    const res = await fetch(`${server.url}/api/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', store: 'sqlite' });
  } finally {
    await server.stop();
  }
});
