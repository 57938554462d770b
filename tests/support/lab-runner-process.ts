import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './course-server';

export interface RunnerProcess {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}


/** Starts `npm run lab-runner`'s script as an operator would (built once per test file, then reused). */
export async function startLabRunner(env: Record<string, string>, options: { build?: boolean } = {}): Promise<RunnerProcess> {
  const port = env.LAB_RUNNER_PORT ? Number(env.LAB_RUNNER_PORT) : await freePort();
  const child = spawn(process.execPath, ['scripts/lab-runner.mjs'], {
    env: { ...process.env, DATABASE_URL: '', LAB_RUNNER_PORT: String(port), LAB_RUNNER_SKIP_BUILD: options.build ? '0' : '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (!/serves the runner API on (\S+)/.test(log)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`lab runner exited early:\n${log}`);
    if (Date.now() > deadline) throw new Error(`lab runner did not start in 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /serves the runner API on (\S+)/.exec(log)![1]!;
  return {
    url,
    process: child,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Waits for a child to exit and returns its code and output. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}
