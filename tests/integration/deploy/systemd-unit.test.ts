import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { freePort } from '../../support/course-server';

vi.setConfig({ testTimeout: 60_000 });

// The README's systemd units, as shipped: systemd's own checker accepts them, and their ExecStart with their
// Environment, run from this checkout, starts a server that answers.
const CHECKOUT = '/opt/wfp-course';
const units = ['deploy/wfp-course.service', 'deploy/wfp-course@.service'];
const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

function directives(unit: string, name: string): string[] {
  return unit.split('\n').filter((l) => l.startsWith(`${name}=`)).map((l) => l.slice(name.length + 1));
}

test.skipIf(!hasSystemdAnalyze).each(units)('systemd-analyze verify accepts %s', (path) => {
  const dir = mkdtempSync(join(tmpdir(), 'wfp-unit-'));
  try {
    const name = path.split('/').pop()!.replace('@.service', '@4321.service');
    writeFileSync(join(dir, path.split('/').pop()!), readFileSync(path, 'utf8').replaceAll(CHECKOUT, process.cwd()));
    const out = execFileSync('systemd-analyze', ['verify', join(dir, name)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.each(units)('%s: its ExecStart and Environment start the course', async (path) => {
  const unit = readFileSync(path, 'utf8');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'wfp-unit-data-'));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const line of directives(unit, 'Environment')) {
    const i = line.indexOf('=');
    env[line.slice(0, i)] = line.slice(i + 1).replaceAll('%i', String(port));
  }
  expect(env.HOST).toBe('127.0.0.1'); // behind the proxy, never facing the network itself
  env.PORT = String(port);
  env.COURSE_DATA_DIR = dataDir;
  expect(directives(unit, 'WorkingDirectory')).toEqual([CHECKOUT]);
  const [command, ...args] = directives(unit, 'ExecStart')[0]!.replaceAll(CHECKOUT, process.cwd()).split(' ');
  const child = spawn(command!, args, { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  try {
    await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200), { timeout: 30_000, interval: 200 });
    expect(log).toContain(`listening on http://127.0.0.1:${port}`);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
