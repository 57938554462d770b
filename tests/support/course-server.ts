import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createTestDatabase, serverBackend, type TestDatabase } from './postgres';

export interface CourseServer {
  url: string;
  dataDir: string;
  /** DATABASE_URL of the server when it runs on PostgreSQL (the suite's PostgreSQL pass). */
  databaseUrl?: string;
  /** The environment that points a script (instructor:add) or a second process at this server's store. */
  storeEnv: Record<string, string>;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the built server (dist/) as users run it, on a free port with a fresh data directory, and in the suite's
 * PostgreSQL pass (TEST_STORE=postgres) on a fresh PostgreSQL database. `databaseUrl` reuses one (a restart).
 */
export async function startCourseServer(
  options: { dataDir?: string; databaseUrl?: string; env?: Record<string, string>; port?: number; wrapper?: string[] } = {},
): Promise<CourseServer> {
  if (!existsSync('dist/server/entry.mjs')) throw new Error('No build in dist/: run `npm run build` first.');
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wfp-course-'));
  let database: TestDatabase | undefined;
  if (!options.databaseUrl && serverBackend === 'postgres') database = await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database?.url;
  const storeEnv: Record<string, string> = { COURSE_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  // `wrapper` runs the server under another command (e.g. bwrap hiding a binary), as an operator's machine would.
  const [command, ...args] = [...(options.wrapper ?? []), process.execPath, 'scripts/serve.mjs'];
  const child = spawn(command!, args, {
    env: { ...process.env, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', ...storeEnv, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Server exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`Server did not start in 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    databaseUrl,
    storeEnv,
    process: child,
    output: () => log,
    async stop() {
      // A process killed by a signal keeps exitCode null (signalCode is set instead).
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}
