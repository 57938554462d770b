import { join } from 'node:path';
import { createAdmission } from './admission';
import { runnerSecret } from './api/auth';
import { createRemoteRunner } from './api/remote-client';
import { createFleet } from './fleet';
import { startRunnerNode, type RunnerNode } from './runner-node';
import { courseDataDir, engineSettings, fleetSettings } from './settings';
import { createQueueRepository } from './store/queue';
import { createRunnersRepository, type RunnerRow } from './store/runners';
import { createSandboxesRepository } from './store/sandboxes';
import type { SqlExecutor } from './store/sql';
import type { LabRunner } from './types';

export interface LabServicesOptions {
  db: SqlExecutor;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/**
 * What the web tier needs for labs: the fleet (placement and routing), site-wide admission and, in the
 * embedded default, this process's own runner (on loopback, so the other web processes on this machine
 * can reach the sandboxes it holds).
 */
export async function createLabServices(options: LabServicesOptions) {
  const env = options.env ?? process.env;
  const settings = fleetSettings(env);
  const dataDir = courseDataDir(env);
  const { secret } = runnerSecret(join(dataDir, 'lab-runner.secret'), env);
  const runners = createRunnersRepository(options.db, settings.deadAfterMs);
  const sandboxes = createSandboxesRepository(options.db);
  const queue = createQueueRepository(options.db, 30_000);
  let node: RunnerNode | null = null;
  if (settings.mode === 'embedded')
    node = await startRunnerNode({ runners, sandboxes, dataDir, engine: engineSettings(env), listen: { host: '127.0.0.1', port: 0 }, secret, ...(options.log ? { log: options.log } : {}) });
  const clients = new Map<string, LabRunner>();
  const connect = (row: RunnerRow) => {
    let client = clients.get(row.id);
    if (!client || (client as { url?: string }).url !== row.url) {
      client = Object.assign(createRemoteRunner({ id: row.id, url: row.url, secret }), { url: row.url });
      clients.set(row.id, client);
    }
    return client;
  };
  const fleet = createFleet({
    runners,
    sandboxes,
    local: node?.runner ?? null,
    connect,
    ...(settings.urls ? { accepts: (row: RunnerRow) => settings.urls!.includes(row.url) } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const admission = createAdmission({ fleet, sandboxes, queue, perOwner: settings.perOwner, anonymousShare: settings.anonymousShare, reclaimIdleMs: settings.reclaimIdleMs });
  // Sandboxes nobody used for LAB_IDLE_MINUTES are removed site-wide (any web process may do it).
  const reaper = setInterval(() => {
    void (async () => {
      for (const record of await sandboxes.idleSince(new Date(Date.now() - settings.idleTimeoutMs).toISOString())) await fleet.dispose(record);
    })().catch(() => undefined);
  }, Math.min(60_000, Math.max(1_000, settings.idleTimeoutMs / 4)));
  reaper.unref();
  return {
    fleet,
    admission,
    sandboxes,
    queue,
    runners,
    node,
    async close() {
      clearInterval(reaper);
      await node?.close();
    },
  };
}

export type LabServices = Awaited<ReturnType<typeof createLabServices>>;
