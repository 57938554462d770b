import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { createLabEngine, type LabEngineOptions } from '../lab-engine';
import { inSandboxCloudflareApi } from '../lab-api/cloudflare-api-routes';
import { prepareLabForClass } from '../labs/lab-warmup';
import { createRateLimiter } from '../lab-api/rate-limit';
import { createRunnerApi } from './api/handler';
import { serveFetch } from './api/node-server';
import { runnerDir, sweepDeadRunners } from './dirs';
import { createLocalRunner, type LocalRunner } from './local-runner';
import type { RunnersRepository } from './store/runners';
import type { SandboxesRepository } from './store/sandboxes';

export interface RunnerNodeOptions {
  runners: RunnersRepository;
  sandboxes: SandboxesRepository;
  /** COURSE_DATA_DIR (or LAB_RUNNER_DIR): the runner's directory is `<dataDir>/labs/runners/<id>`. */
  dataDir: string;
  engine: Omit<LabEngineOptions, 'dataDir' | 'cloudflareApi' | 'log'>;
  listen: { host: string; port: number };
  /** The URL other processes use to reach this runner (default http://host:port). */
  advertiseUrl?: string;
  secret: string;
  heartbeatMs?: number;
  log?: (line: string) => void;
}

export interface RunnerNode {
  id: string;
  url: string;
  runner: LocalRunner;
  server: Server;
  /** Takes no new sandboxes and hands the live ones over (persisted, released in the store). */
  drain(): Promise<{ handedOver: number }>;
  /** Drains, stops every runtime, removes its own directories and marks itself stopped. */
  close(): Promise<void>;
}

/** Cloudflare API calls from Workers inside a sandbox: the platform's budget per sandbox. */
const inSandboxApiLimit = createRateLimiter({ capacity: 100, perSecond: 4 });

/**
 * One lab runner: the engine (warm pool, bubblewrap, workerd) behind the runner API, registered in the
 * store with a heartbeat. Used by `npm run lab-runner` and, on loopback, inside each web process.
 */
export async function startRunnerNode(options: RunnerNodeOptions): Promise<RunnerNode> {
  const log = options.log ?? ((line: string) => console.log(line));
  const id = `r-${randomBytes(6).toString('hex')}`;
  const dir = runnerDir(options.dataDir, id);
  const { runners, sandboxes } = options;
  // Registered before its directory exists, so no other runner's sweep can mistake it for a dead one's.
  const zero = { live: 0, free: 0, warm: 0, max: 0, memoryBytes: 0 };
  await runners.register({ id, url: 'pending', host: hostname(), pid: process.pid, dirs: [dir], capacity: zero });
  await runners.heartbeat(id, zero, true);
  const swept = await sweepDeadRunners(runners, options.dataDir, id);
  if (swept > 0) log(`[lab-runner] removed the directories of ${swept} lab runner(s) that are gone`);
  mkdirSync(dir, { recursive: true });
  let runner: LocalRunner | null = null;
  const engine = createLabEngine({
    ...options.engine,
    dataDir: dir,
    log,
    // An announced class's lab is provisioned once here, so each learner's identical upload skips validation.
    prepareLab: (labId) => prepareLabForClass(engine, labId),
    cloudflareApi: (sandbox, request) => {
      runner?.markDirty(sandbox.id);
      return inSandboxCloudflareApi(sandbox, request, inSandboxApiLimit);
    },
  });
  runner = createLocalRunner({ id, engine, sandboxes, log, onDrain: () => runners.setDraining(id, true) });
  const local = runner;
  const server = await serveFetch(createRunnerApi({ runner: local, secret: options.secret }), options.listen);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.listen.port;
  const host = options.listen.host.includes(':') ? `[${options.listen.host}]` : options.listen.host;
  const url = options.advertiseUrl ?? `http://${host === '0.0.0.0' ? hostname() : host}:${port}`;
  await runners.register({ id, url, host: hostname(), pid: process.pid, dirs: [dir, engine.outer.sandboxRoot], capacity: await local.capacity() });
  await runners.heartbeat(id, await local.capacity(), false);

  let beats = 0;
  async function beat() {
    const capacity = await local.capacity();
    if (!(await runners.heartbeat(id, capacity, local.draining))) {
      log(`[lab-runner] ${id} was marked unreachable by another process; registering again`);
      await runners.register({ id, url, host: hostname(), pid: process.pid, dirs: [dir, engine.outer.sandboxRoot], capacity });
    }
    // Copies of sandboxes that were moved elsewhere meanwhile (this runner was thought lost) are dropped.
    for (const stale of await sandboxes.notHeldBy(id, local.ids())) await local.dispose(stale);
    if (++beats % 10 === 0) await sweepDeadRunners(runners, options.dataDir, id);
  }
  const timer = setInterval(() => void beat().catch((error) => log(`[lab-runner] heartbeat failed: ${String(error)}`)), options.heartbeatMs ?? 2_000);
  timer.unref();
  log(`[lab-runner] ${id} serves the runner API on ${url}`);

  let closing: Promise<void> | null = null;
  return {
    id,
    url,
    runner: local,
    server,
    drain: () => local.drain(),
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        await local.drain().catch((error) => log(`[lab-runner] drain on stop failed: ${String(error)}`));
        await runners.markStopped(id).catch(() => undefined);
        server.closeAllConnections();
        server.close();
        await engine.close();
        rmSync(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
