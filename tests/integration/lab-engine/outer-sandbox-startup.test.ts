import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { freePort, startCourseServer } from '../../support/course-server';

vi.setConfig({ testTimeout: 60_000 });

// A machine without bubblewrap, made real: the server runs in a mount namespace where /usr/bin/bwrap is /dev/null.
const withoutBwrap = ['bwrap', '--dev-bind', '/', '/', '--ro-bind', '/dev/null', '/usr/bin/bwrap', '--'];

function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wfp-startup-'));
  const child = spawn(withoutBwrap[0]!, [...withoutBwrap.slice(1), process.execPath, 'scripts/serve.mjs'], {
    env: { ...process.env, COURSE_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, output });
    }),
  );
}

test('beyond loopback without bubblewrap, the server refuses to start and names LAB_OUTER_SANDBOX=0', async () => {
  const port = await freePort();
  const run = await runToExit({ HOST: '0.0.0.0', PORT: String(port) });
  expect(run.code).toBe(1);
  expect(run.output).toContain('Refusing to listen on HOST=0.0.0.0');
  expect(run.output).toContain('bubblewrap');
  expect(run.output).toContain('sudo apt-get install -y bubblewrap util-linux');
  expect(run.output).toContain('LAB_OUTER_SANDBOX=0');
  expect(run.output).not.toContain('listening');
});

test('LAB_OUTER_SANDBOX=0 says so explicitly: it starts beyond loopback, with the warning', async () => {
  const server = await startCourseServer({ wrapper: withoutBwrap, env: { HOST: '0.0.0.0', LAB_OUTER_SANDBOX: '0' } });
  try {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    await vi.waitFor(() => expect(server.output()).toContain('WITHOUT the outer sandbox'), { timeout: 20_000 });
  } finally {
    await server.stop();
  }
});

test("on loopback (a learner's own machine) it starts without bubblewrap and warns how to install it", async () => {
  const server = await startCourseServer({ wrapper: withoutBwrap, env: { HOST: '127.0.0.1' } });
  try {
    await vi.waitFor(() => expect(server.output()).toMatch(/WITHOUT the outer sandbox \(bwrap .* is not installed\).*sudo apt-get install -y bubblewrap util-linux/), { timeout: 20_000 });
  } finally {
    await server.stop();
  }
});

test('beyond loopback with bubblewrap installed, it starts with the outer sandbox', async () => {
  const server = await startCourseServer({ env: { HOST: '0.0.0.0' } });
  try {
    await vi.waitFor(() => expect(server.output()).toContain('labs run in bubblewrap'), { timeout: 20_000 });
  } finally {
    await server.stop();
  }
});
