import { LabError } from './errors';

/** Miniflare types its Worker handles with workers-types' Fetcher; we only need fetch(). */
export interface WorkerHandle {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

export interface HostCallerOptions {
  /** The sandbox's host Worker (throws when the runtime is not running). */
  host: () => Promise<WorkerHandle>;
  /** The running host's control secret (sent on every call; host.worker.js refuses calls without it). */
  secret: () => string;
  budgetMs: number;
  /** Kills the runtime: a runaway call (a query that never ends) freezes it like a loop. */
  onOverrun: () => Promise<void>;
  /** Samples the sandbox's storage during the call (a single statement can write past the quota). */
  watch?: () => { exceeded: Promise<void>; stop(): void };
  /** Stops the runtime mid-write when the storage passed its quota. */
  onStorageOverrun?: () => Promise<void>;
}

/**
 * Calls from Node into the host Worker on a learner's behalf (KV, D1, upload probes, config, records),
 * each bounded: past the budget the runtime is killed and the caller gets a clear error (data stay on
 * disk). Plain async fetches only: Miniflare's synchronous proxies would freeze Node while workerd is busy.
 */
export function createHostCaller(options: HostCallerOptions) {
  return async function call(op: string, body: unknown, what: string, extraHeaders: Record<string, string> = {}): Promise<unknown> {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overrun = new Promise<'overrun'>((resolve) => (timer = setTimeout(() => resolve('overrun'), options.budgetMs)));
    try {
      const handle = await options.host();
      const answer = handle
        .fetch('http://lab.internal/', {
          method: 'POST',
          body: JSON.stringify(body),
          signal: abort.signal,
          headers: { 'content-type': 'application/json', ...extraHeaders, 'x-wfp-lab-op': op, 'x-wfp-lab-secret': options.secret() },
        })
        .then((r) => (op === 'config' ? r.text() : r.json()) as Promise<unknown>);
      answer.catch(() => {});
      const watch = options.watch?.();
      const outcome = await Promise.race([answer, overrun, ...(watch ? [watch.exceeded.then(() => 'storage' as const)] : [])]).finally(() => watch?.stop());
      if (outcome === 'storage') {
        abort.abort();
        await options.onStorageOverrun?.();
        throw new LabError('quota_exceeded', `Storage quota exceeded: ${what} took the sandbox past its storage quota (LAB_STORAGE_MB) and was rolled back; data written before it was kept.`);
      }
      if (outcome === 'overrun') {
        abort.abort();
        await options.onOverrun();
        throw new LabError(
          'timeout',
          `${what} did not finish within ${(options.budgetMs / 1000).toFixed(1)} s and was stopped (for example a query that never ends). The sandbox was restarted; its KV and D1 data were kept.`,
        );
      }
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  };
}
