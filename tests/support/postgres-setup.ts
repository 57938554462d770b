import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup of the integration project: when TEST_DATABASE_URL is unset (and SKIP_POSTGRES_TESTS is
 * not 1), starts a throwaway cluster from Debian's `postgresql` on loopback (password auth, as the `postgres` user
 * when running as root) and exports its TEST_DATABASE_URL, so `npm test` tests PostgreSQL on any machine that has
 * it installed. Without PostgreSQL installed, the PostgreSQL tests fail and say what to set.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.TEST_DATABASE_URL || process.env.SKIP_POSTGRES_TESTS === '1') return;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) return;
  const bin = join(root, versions[0]!, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'course-test-pg-'));
  const password = randomBytes(18).toString('hex');
  writeFileSync(join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
  const asRoot = process.getuid?.() === 0;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  const user = asRoot ? { uid: id('-u'), gid: id('-g') } : undefined;
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(join(dir, 'pwfile'), user.uid, user.gid);
  }
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  execFileSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '-E', 'UTF8', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${join(dir, 'pwfile')}`], {
    stdio: 'pipe',
    ...as,
  });
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const server = spawn(
    join(bin, 'postgres'),
    ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
    { stdio: ['ignore', 'pipe', 'pipe'], ...as },
  );
  let log = '';
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  for (const deadline = Date.now() + 30_000; ; ) {
    if (server.exitCode !== null) throw new Error(`The test PostgreSQL exited:\n${log}`);
    try {
      execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`The test PostgreSQL did not start in 30 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  process.env.TEST_DATABASE_URL = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGINT'); // fast shutdown
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
