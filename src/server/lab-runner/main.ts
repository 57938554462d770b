import { join, resolve } from 'node:path';
import { keepSignalsForUs } from '../lab-engine/signal-guard';
import { isLoopback, runnerSecret } from './api/auth';
import { startRunnerNode } from './runner-node';
import { courseDataDir, engineSettings, fleetSettings } from './settings';
import { createRunnersRepository } from './store/runners';
import { createSandboxesRepository } from './store/sandboxes';
import { getStore } from '../store/instance';

/**
 * `npm run lab-runner`: the lab engine alone (warm pool, bubblewrap, workerd) behind the runner API.
 * SIGUSR2 drains it (no new sandboxes, the live ones handed over) and keeps it running; SIGTERM or
 * SIGINT drain it and stop.
 */
async function main() {
  const env = process.env;
  const host = env.LAB_RUNNER_HOST || '127.0.0.1';
  const port = Number(env.LAB_RUNNER_PORT || '4500');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`LAB_RUNNER_PORT must be a port number, not "${env.LAB_RUNNER_PORT}".`);
  if (!isLoopback(host) && !env.LAB_RUNNER_SECRET?.trim())
    throw new Error(`Refusing to serve the lab runner API on ${host} without LAB_RUNNER_SECRET: set the same long random secret on the runners and the web processes.`);
  const dataDir = courseDataDir(env);
  const { secret } = runnerSecret(join(dataDir, 'lab-runner.secret'), env);
  // The same store as the web processes: PostgreSQL when DATABASE_URL says so, else SQLite in COURSE_DATA_DIR.
  const store = getStore();
  await store.ready();
  const db = store.db;
  const settings = fleetSettings(env);
  const node = await startRunnerNode({
    runners: createRunnersRepository(db, settings.deadAfterMs),
    sandboxes: createSandboxesRepository(db),
    dataDir: resolve(env.LAB_RUNNER_DIR || dataDir),
    engine: engineSettings(env),
    listen: { host, port },
    ...(env.LAB_RUNNER_URL ? { advertiseUrl: env.LAB_RUNNER_URL } : {}),
    secret,
  });
  keepSignalsForUs();
  process.on('SIGUSR2', () => {
    void node.drain().then(({ handedOver }) => console.log(`[lab-runner] drained: ${handedOver} sandbox(es) handed over; taking no new ones`));
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    void node.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(`[lab-runner] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
