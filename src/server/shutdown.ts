/**
 * Graceful shutdown for the server process: modules register cleanups (stop lab runtimes, close the
 * database), and SIGINT/SIGTERM run them all, then exit. Installing a signal listener replaces Node's
 * default exit, so this must be the only place that listens.
 */
import { keepSignalsForUs } from './lab-engine/signal-guard';

const cleanups: Array<() => Promise<void> | void> = [];
let installed = false;

export function onShutdown(cleanup: () => Promise<void> | void) {
  cleanups.push(cleanup);
  if (installed) return;
  installed = true;
  keepSignalsForUs();
  const run = (signal: NodeJS.Signals) => {
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    void Promise.allSettled(cleanups.map(async (c) => c())).finally(() => process.exit(signal === 'SIGINT' ? 130 : 0));
  };
  process.once('SIGINT', run);
  process.once('SIGTERM', run);
}
