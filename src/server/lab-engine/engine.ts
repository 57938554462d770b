import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from './errors';
import { killOrphanedRuntimes } from './process-monitor';
import { prepareOuterSandbox } from './outer-sandbox';
import { createSandbox, type Sandbox, type SandboxOptions } from './sandbox';
import { RUNTIME_ENV_NAME } from './sandbox-runtime';
import type { RuntimeLimits } from './sandbox-runtime';

export interface LabEngineOptions {
  /** Where sandboxes keep their KV, D1 and cache data (deleted with the sandbox). */
  dataDir: string;
  /** Most sandboxes alive at once; creating one more is refused with a clear message. */
  maxSandboxes?: number;
  /** A sandbox unused for this long is disposed. */
  idleTimeoutMs?: number;
  limits?: Partial<RuntimeLimits>;
  cloudflareApi?: SandboxOptions['cloudflareApi'];
  /** false runs workerd without bubblewrap (LAB_OUTER_SANDBOX=0). */
  outerSandbox?: boolean;
}

export const DEFAULT_LIMITS: RuntimeLimits = {
  runTimeoutMs: 5_000,
  memoryLimitBytes: 512 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxLogLines: 500,
  maxLogChars: 200_000,
  logLinesPerInvocation: 1_000,
};

/** The lab engine: a bounded pool of learner sandboxes, each with its own workerd process. */
export function createLabEngine(options: LabEngineOptions) {
  const maxSandboxes = options.maxSandboxes ?? 24;
  const idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60_000;
  const limits: RuntimeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const ownSandboxDir = join(options.dataDir, 'sandboxes');
  rmSync(ownSandboxDir, { recursive: true, force: true }); // sandboxes do not outlive the process
  mkdirSync(ownSandboxDir, { recursive: true });
  const outer = prepareOuterSandbox({ dataDir: options.dataDir, sandboxRoot: ownSandboxDir, memoryLimitBytes: limits.memoryLimitBytes, disabled: options.outerSandbox === false });
  const sandboxDir = outer.sandboxRoot;
  const sandboxes = new Map<string, Sandbox>();
  const orphansSwept = killOrphanedRuntimes(RUNTIME_ENV_NAME).then((n) => {
    if (n > 0) console.warn(`[lab-engine] stopped ${n} lab runtime(s) left behind by a previous server that did not shut down`);
  });

  async function sweepIdle() {
    const now = Date.now();
    await Promise.all(
      [...sandboxes.values()].filter((s) => now - s.lastUsed > idleTimeoutMs).map((s) => engine.dispose(s.id)),
    );
  }
  const sweeper = setInterval(() => void sweepIdle(), Math.min(60_000, Math.max(1_000, idleTimeoutMs / 4)));
  sweeper.unref();

  const engine = {
    limits,
    outer,
    maxSandboxes,
    async create(): Promise<Sandbox> {
      await orphansSwept;
      await sweepIdle();
      if (sandboxes.size >= maxSandboxes)
        throw new LabError(
          'limit_reached',
          `The lab server is full: ${maxSandboxes} lab sandboxes are running, the most it allows. Try again in a few minutes, when idle sandboxes are cleaned up.`,
          503,
        );
      const sandbox = createSandbox({ dataDir: sandboxDir, limits, cloudflareApi: options.cloudflareApi });
      sandboxes.set(sandbox.id, sandbox);
      return sandbox;
    },
    /** Looks a sandbox up and checks its token; unknown ids and wrong tokens look the same to callers. */
    get(id: string, token: string | null | undefined): Sandbox {
      const sandbox = sandboxes.get(id);
      if (!sandbox || !sandbox.checkToken(token))
        throw new LabError('unauthorized', 'Unknown sandbox or wrong token. Sandboxes expire when idle: create a new one.');
      sandbox.touch();
      return sandbox;
    },
    find: (id: string) => sandboxes.get(id),
    get size() {
      return sandboxes.size;
    },
    async dispose(id: string) {
      const sandbox = sandboxes.get(id);
      if (!sandbox) return;
      sandboxes.delete(id);
      await sandbox.dispose();
    },
    async close() {
      clearInterval(sweeper);
      await Promise.all([...sandboxes.keys()].map((id) => engine.dispose(id)));
    },
  };
  return engine;
}

export type LabEngine = ReturnType<typeof createLabEngine>;
