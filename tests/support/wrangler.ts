import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { SandboxInfo } from './cloudflare-api';

/** The real wrangler CLI (node_modules), configured only through Cloudflare's documented environment variables. */
export const WRANGLER = resolve('node_modules/wrangler/bin/wrangler.js');

export function wranglerEnv(sb: SandboxInfo, configHome: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CLOUDFLARE_API_BASE_URL: sb.apiBase,
    CLOUDFLARE_ACCOUNT_ID: sb.accountId,
    CLOUDFLARE_API_TOKEN: sb.token,
    WRANGLER_SEND_METRICS: 'false',
    CI: 'true',
    XDG_CONFIG_HOME: configHome,
    NO_COLOR: '1',
  };
}

export interface WranglerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one wrangler command in `cwd` (which must hold a wrangler config: without one, wrangler 4 autoconfigures the folder). */
export function runWrangler(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<WranglerResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdin.end(options.input ?? '');
    child.on('close', (code) => (clearTimeout(timer), done({ code, stdout, stderr })));
  });
}

/** Starts a long-running wrangler command (tail); `stop()` sends SIGINT as Ctrl-C would and returns its output. */
export function startWrangler(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child: ChildProcess = spawn(process.execPath, [WRANGLER, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const closed = new Promise<void>((r) => child.on('close', () => r()));
  return {
    output: () => output,
    async waitFor(pattern: RegExp, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`wrangler ${args.join(' ')} never printed ${pattern}:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await closed;
      clearTimeout(timer);
      return output;
    },
  };
}
