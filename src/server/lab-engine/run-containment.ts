import type { SourceLocation } from './errors';
import { isRunnable, residentBytes } from './process-monitor';

export type ContainmentKind = 'startup' | 'timeout' | 'cpu' | 'memory' | 'crash' | 'cancelled' | 'storage';

/** Why the lab stopped a run, in words for the learner (and where, for startup failures). */
export interface Contained {
  kind: ContainmentKind;
  message: string;
  location?: SourceLocation;
}

export function containmentOf(limits: { memoryLimitBytes: number; storageLimitBytes?: number }, kind: ContainmentKind, budgetMs: number): Contained {
  const seconds = (budgetMs / 1000).toFixed(1);
  switch (kind) {
    case 'cancelled':
      return { kind, message: 'Stopped by you.' };
    case 'cpu':
      return {
        kind,
        message: `Stopped after ${seconds} s: a Worker kept computing without finishing (an infinite loop or runaway recursion). On Cloudflare this is the CPU time limit ("Worker exceeded CPU time limit."). The sandbox was restarted; your KV and D1 data were kept.`,
      };
    case 'memory':
      return {
        kind,
        message: `Stopped: the Workers used more than ${Math.round(limits.memoryLimitBytes / 1024 / 1024)} MiB of memory (on Cloudflare an isolate may use 128 MB). The sandbox was restarted; your KV and D1 data were kept.`,
      };
    case 'storage':
      return {
        kind,
        message: `Stopped: a write took the sandbox past its storage quota of ${Math.round((limits.storageLimitBytes ?? 100 * 1024 * 1024) / 1024 / 1024)} MiB (KV, D1, cache and static assets together; LAB_STORAGE_MB). The write that crossed it was rolled back; data written before it was kept.`,
      };
    case 'crash':
      return { kind, message: 'The Workers runtime stopped unexpectedly (most often from running out of memory). The sandbox was restarted.' };
    case 'timeout':
      return {
        kind,
        message: `No response within ${seconds} s: a Worker is waiting on something that never finishes (for example a promise that never settles). The run was cancelled and the sandbox restarted; your KV and D1 data were kept.`,
      };
    default:
      return { kind, message: 'The run was stopped.' };
  }
}

/**
 * Memory and scheduler sampling of the sandbox's workerd during a run: a hog is stopped before it takes
 * the machine with it, and at the deadline a busy loop (runnable in most recent samples) is told from a
 * Worker that is only waiting.
 */
export function watchProcess(pid: number | null, memoryLimitBytes: number) {
  const recent: boolean[] = [];
  let stop = () => {};
  const memoryExceeded =
    pid === null
      ? new Promise<void>(() => {})
      : new Promise<void>((resolve) => {
          const interval = setInterval(async () => {
            const [rss, runnable] = await Promise.all([residentBytes(pid), isRunnable(pid)]);
            if (runnable !== null) recent.push(runnable);
            if (recent.length > 10) recent.shift();
            if (rss !== null && rss > memoryLimitBytes) resolve();
          }, 100);
          stop = () => clearInterval(interval);
        });
  const busy = () => recent.length >= 3 && recent.filter(Boolean).length / recent.length >= 0.6;
  return { memoryExceeded, busy, stop: () => stop() };
}

/** Reads a response body up to a size, or until the deadline (an endless body must not hang the engine). */
export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number, deadline: Promise<void>) {
  if (!body) return { text: '', truncated: false, timedOut: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  let timedOut = false;
  const timeout = deadline.then(() => 'timeout' as const);
  for (;;) {
    const next = await Promise.race([reader.read(), timeout]);
    if (next === 'timeout') {
      timedOut = true;
      break;
    }
    if (next.done) break;
    const room = maxBytes - size;
    chunks.push(next.value.subarray(0, Math.max(0, room)));
    size += Math.min(room, next.value.byteLength);
    if (next.value.byteLength > room) {
      truncated = true;
      break;
    }
  }
  if (truncated || timedOut) void reader.cancel().catch(() => {});
  return { text: Buffer.concat(chunks).toString('utf8'), truncated, timedOut };
}
