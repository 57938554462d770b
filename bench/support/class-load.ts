import { percentile, sleep, treeRss } from './stats';

export interface ClassLoadOptions {
  base: string;
  serverPid: number;
  learners: number;
  /** Learners arrive evenly over this window, each creating a lab sandbox. */
  arrivalMs: number;
  /** Then each sends one run every `intervalMs` for this long. */
  durationMs: number;
  intervalMs: number;
  labId: string;
  url: string;
}

export interface ClassLoadResult {
  latencies: number[];
  /** Per learner: arrival → first successful run response (sandbox, cold start or warm runtime, upload, run). */
  firstResults: number[];
  errors: number;
  requests: number;
  queued: number;
  queueWaits: number[];
  peakRss: number;
  firstErrors: string[];
}

/** A browser with its own lab session cookie: every learner is a distinct client. */
function browser(base: string) {
  let cookie = '';
  return async (path: string, json: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
      body: JSON.stringify(json),
      signal: AbortSignal.timeout(30_000),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('lab_session='));
    if (set) cookie = set.split(';')[0]!;
    return res;
  };
}

/** A class arriving together: create sandboxes (waiting in line if told to), then run the lab every few seconds. */
export async function runClass(o: ClassLoadOptions): Promise<ClassLoadResult> {
  const files = ((await (await fetch(`${o.base}/api/labs/${o.labId}/solution`, { method: 'POST', headers: { origin: o.base } })).json()) as { files: Record<string, string> }).files;
  const result: ClassLoadResult = { latencies: [], firstResults: [], errors: 0, requests: 0, queued: 0, queueWaits: [], peakRss: 0, firstErrors: [] };
  const fail = (what: string) => {
    result.errors++;
    if (result.firstErrors.length < 5) result.firstErrors.push(what);
  };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      result.peakRss = Math.max(result.peakRss, treeRss(o.serverPid));
      await sleep(500);
    }
  })();

  await Promise.all(
    Array.from({ length: o.learners }, async (_, i) => {
      await sleep((o.arrivalMs / o.learners) * i);
      const post = browser(o.base);
      const asked = performance.now();
      let sandbox: { sandboxId: string; token: string } | null = null;
      let ticket: string | undefined;
      try {
        for (;;) {
          const res = await post(`/api/labs/${o.labId}/sandbox`, ticket ? { ticket } : {});
          if (res.status === 201) {
            sandbox = (await res.json()) as { sandboxId: string; token: string };
            break;
          }
          if (res.status !== 202) return fail(`create ${res.status} ${(await res.text()).slice(0, 120)}`);
          const q = (await res.json()) as { ticket: string; retryAfterMs: number };
          if (!ticket) result.queued++;
          ticket = q.ticket;
          if (performance.now() - asked > o.durationMs) return fail('still waiting in line when the class ended');
          await sleep(q.retryAfterMs);
        }
      } catch (error) {
        return fail(`create ${String(error)}`);
      }
      if (ticket) result.queueWaits.push(performance.now() - asked);
      const until = performance.now() + o.durationMs;
      let gotFirst = false;
      while (performance.now() < until) {
        const started = performance.now();
        result.requests++;
        try {
          const res = await post(`/api/labs/${o.labId}/run?sandbox=${sandbox.sandboxId}`, { files, request: { url: o.url } }, { authorization: `Bearer ${sandbox.token}` });
          const body = (await res.json()) as { status?: number; error?: { message: string } | null };
          result.latencies.push(performance.now() - started);
          if (res.status !== 200 || body.status !== 200) fail(`run ${res.status}/${body.status} ${body.error?.message ?? ''}`.slice(0, 160));
          else if (!gotFirst) {
            gotFirst = true;
            result.firstResults.push(performance.now() - asked);
          }
        } catch (error) {
          fail(`run ${String(error)}`);
        }
        await sleep(Math.max(0, o.intervalMs - (performance.now() - started)));
      }
    }),
  );
  sampling = false;
  await sampler;
  return result;
}

export const summary = (r: ClassLoadResult) => ({
  p50: percentile(r.latencies, 50),
  p95: percentile(r.latencies, 95),
  firstP50: percentile(r.firstResults, 50),
  firstP95: percentile(r.firstResults, 95),
  firstMax: r.firstResults.length ? Math.max(...r.firstResults) : NaN,
});
