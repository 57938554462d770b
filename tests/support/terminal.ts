import { spawn } from 'node:child_process';
import { delimiter, resolve } from 'node:path';
import type { ShownCommand } from '../../src/server/terminal/fallback-commands';
import { learnerTerminalEnv } from './learner-env';

/**
 * Runs the fallback's commands as a learner pastes them: one bash session, in order, in `cwd`. Node 24 and
 * npm come from this project's node_modules/.bin (as on a learner's machine with a current Node); wrangler
 * is whatever the shown `npm install` puts in the project folder, from the npm registry. The machine's proxy,
 * CA and npm registry settings come along, as in a learner's own shell (learner-env.ts); nothing else of the
 * test's environment leaks in (no CLOUDFLARE_* variables: the shown export step must set them).
 */
export async function runInBash(commands: ShownCommand[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; steps: Record<string, string>; output: string }> {
  const script = ['set -e', ...commands.flatMap((c) => [`echo "::step ${c.id}::"`, c.command])].join('\n');
  const child = spawn('bash', ['-c', script], {
    cwd,
    env: {
      ...learnerTerminalEnv(),
      PATH: [resolve('node_modules/.bin'), process.env.PATH ?? ''].join(delimiter),
      HOME: process.env.HOME ?? cwd,
      XDG_CONFIG_HOME: resolve(cwd, '.config'),
      NO_COLOR: '1',
      // Installs come from the npm cache when it has the packages (no network needed then).
      npm_config_prefer_offline: 'true',
      npm_config_update_notifier: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const steps: Record<string, string> = {};
  const parts = output.split(/^::step (\S+)::$/m);
  for (let i = 1; i < parts.length; i += 2) steps[parts[i]!] = parts[i + 1] ?? '';
  return { code, steps, output };
}
