import { isMainThread, Worker } from 'node:worker_threads';

/**
 * Last-resort guard for the server's event loop. Some calls into workerd are synchronous (Miniflare's
 * binding proxies wait with Atomics.wait, without a timeout), so a lab runtime stuck computing — a
 * runaway recursive D1 query, say — can put the whole server to sleep: every route dead, SIGTERM ignored.
 * A worker thread watches a heartbeat the main thread writes; when it stops while the main thread is
 * asleep (blocked, not merely starved of CPU) it kills the server's workerd processes that are busy
 * computing. The blocked call then fails, the server wakes, and that sandbox restarts on its next run.
 */
const GUARDIAN = /* javascript */ `
const { workerData, parentPort } = require('node:worker_threads');
const { readFileSync, readdirSync } = require('node:fs');
const { beat, serverPid, blockedMs } = workerData;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stateOf = (path) => {
  try {
    const stat = readFileSync(path, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
};
// utime + stime in clock ticks (100 per second).
const cpuTicks = (pid) => {
  try {
    const fields = readFileSync('/proc/' + pid + '/stat', 'latin1').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
};
function busyWorkerds() {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync('/proc/' + entry + '/stat', 'latin1');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(entry));
    } catch {}
  }
  const found = [];
  const walk = (pid) => {
    for (const child of children.get(pid) || []) {
      try {
        if (readFileSync('/proc/' + child + '/comm', 'latin1').trim() === 'workerd') found.push(child);
      } catch {}
      walk(child);
    }
  };
  walk(serverPid);
  return found.filter((pid) => stateOf('/proc/' + pid + '/stat') === 'R');
}
(async () => {
  let last = Atomics.load(beat, 0);
  let since = Date.now();
  for (;;) {
    await sleep(50);
    const now = Atomics.load(beat, 0);
    if (now !== last) {
      last = now;
      since = Date.now();
      continue;
    }
    if (Date.now() - since < blockedMs) continue;
    // Asleep (S) rather than runnable: the main thread is waiting on something, not starved of CPU.
    if (stateOf('/proc/' + serverPid + '/task/' + serverPid + '/stat') !== 'S') continue;
    // Busy in every sample over ~100 ms: a runaway, not a runtime that only waited its turn for a core. Soon
    // after the stall, only one that also burned most of a core meanwhile; later, any that stayed busy.
    const before = new Map(busyWorkerds().map((pid) => [pid, cpuTicks(pid)]));
    for (let i = 0; i < 4 && before.size; i++) {
      await sleep(25);
      const again = new Set(busyWorkerds());
      for (const pid of [...before.keys()]) if (!again.has(pid)) before.delete(pid);
    }
    const patient = Date.now() - since > 4 * blockedMs;
    const busy = [...before].filter(([pid, ticks]) => patient || cpuTicks(pid) - ticks >= 4).map(([pid]) => pid);
    if (Atomics.load(beat, 0) !== last) continue;
    for (const pid of busy) {
      try { process.kill(pid, 'SIGKILL'); } catch {}
    }
    if (busy.length) {
      parentPort.postMessage({ killed: busy, blockedMs: Date.now() - since });
      since = Date.now();
    }
  }
})();
`;

let started = false;

/** Starts the guardian once per process (Linux only: it reads /proc; from the main thread, whose state it reads). */
export function startLoopGuardian(options: { blockedMs?: number; log?: (line: string) => void } = {}) {
  if (started || process.platform !== 'linux' || !isMainThread || options.blockedMs === 0) return;
  started = true;
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const tick = setInterval(() => Atomics.add(beat, 0, 1), 50);
  tick.unref();
  const worker = new Worker(GUARDIAN, { eval: true, workerData: { beat, serverPid: process.pid, blockedMs: options.blockedMs ?? 300 } });
  worker.unref();
  worker.on('message', (m: { killed: number[]; blockedMs: number }) =>
    (options.log ?? console.warn)(
      `[lab-engine] the server was blocked for ${m.blockedMs} ms waiting on a busy lab runtime (a runaway query or loop); stopped workerd ${m.killed.join(', ')}`,
    ),
  );
  worker.on('error', (error) => console.error('[lab-engine] the event-loop guardian stopped:', error));
}
