import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOuterSandbox } from './index';

/** Loopback names and addresses: a server bound there is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

export const OUTER_SANDBOX_INSTALL = 'sudo apt-get install -y bubblewrap util-linux';

/**
 * Whether the outer sandbox works on this machine, tried the way the lab engine will use it (bubblewrap,
 * prlimit, setpriv and a real start of workerd inside it), without touching any engine's sandbox root.
 * Returns null when it works, else why not.
 */
export function outerSandboxProblem(memoryLimitBytes: number): string | null {
  const scratch = mkdtempSync(join(tmpdir(), 'wfp-outer-preflight-'));
  try {
    const outer = prepareOuterSandbox({ dataDir: scratch, sandboxRoot: join(scratch, 'sandboxes'), memoryLimitBytes });
    if (outer.enabled) rmSync(outer.sandboxRoot, { recursive: true, force: true });
    return outer.enabled ? null : outer.summary;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The start-up rule: a server that listens beyond loopback runs strangers' code, so it refuses to start without
 * the outer sandbox unless LAB_OUTER_SANDBOX=0 says so explicitly. On loopback (a learner's own machine) labs
 * run without it, with the engine's warning.
 */
export function outerSandboxStartupError(env: Record<string, string | undefined>, problem: () => string | null): string | null {
  const host = env.HOST ?? '127.0.0.1';
  if (isLoopbackHost(host) || env.LAB_OUTER_SANDBOX === '0') return null;
  const why = problem();
  if (why === null) return null;
  return [
    `Refusing to listen on HOST=${host} (beyond loopback) without the outer sandbox for lab runtimes.`,
    why,
    `Install it (Debian/Ubuntu): ${OUTER_SANDBOX_INSTALL}`,
    'Or set LAB_OUTER_SANDBOX=0 to run learners\' code without it on purpose, or HOST=127.0.0.1 for this machine only.',
  ].join('\n');
}
