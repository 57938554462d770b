import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startCourseServer } from '../../tests/support/course-server';
import { createClient } from '../../tests/support/http-client';
import { runClass, summary } from './class-load';
import { mib, ms, sleep, workerdCount } from './stats';

type Row = [measure: string, result: string, goal?: string];
const run = promisify(execFile);
const LEARNERS = 50;

/**
 * 50 learners, each their own browser session, arrive within 10 s, then run the lab every 2 s for 30 s, on a
 * server with default settings: once unannounced (the pool starts at LAB_WARM_POOL=3 and adapts), once after
 * an instructor announced the class through POST /api/instructor/announcements (hot start).
 */
export async function classArrives(rows: Row[], announced: boolean) {
  // Anonymous learners may use every place (the default share would queue some of the 50).
  const server = await startCourseServer({ env: { LAB_ANON_SHARE: '1' } });
  try {
    let fillMs = NaN;
    if (announced) {
      await run(process.execPath, ['scripts/instructor-add.mjs', '--email', 'bench-instructor@example.com', '--name', 'Bench', '--password', 'bench-password-1'], {
        env: { ...process.env, ...server.storeEnv },
      });
      const instructor = createClient(server.url);
      await instructor.signIn('bench-instructor@example.com', 'bench-password-1');
      const startsAt = new Date(Date.now() + 120_000); // beyond the engine's lead time for 50 (110 s)
      const announcedAt = performance.now();
      const res = await instructor.request('/api/instructor/announcements', { json: { labId: 'first-dispatch', learners: LEARNERS, startsAt: startsAt.toISOString() } });
      if (res.status !== 201) throw new Error(`announcement refused: ${res.status} ${await res.text()}`);
      // Measure how long the pool took to fill, then let the class arrive at its announced time.
      while (workerdCount(server.process.pid!) < LEARNERS && Date.now() < startsAt.getTime()) await sleep(250);
      fillMs = performance.now() - announcedAt;
      await sleep(Math.max(0, startsAt.getTime() - Date.now()));
    } else {
      // Default pool (3): wait until it is full, as a server that has been up a while.
      for (let waited = 0; workerdCount(server.process.pid!) < 3 && waited < 60_000; waited += 500) await sleep(500);
      await sleep(1_000);
    }
    const before = workerdCount(server.process.pid!);
    const r = await runClass({ base: server.url, serverPid: server.process.pid!, learners: LEARNERS, arrivalMs: 10_000, durationMs: 30_000, intervalMs: 2_000, labId: 'first-dispatch', url: 'https://acme-corp.example.com/' });
    const s = summary(r);
    const label = announced ? 'announced 2 min ahead (hot start), default settings' : 'unannounced, default settings';
    rows.push([
      `A class (${label}): 50 learners arrive in 10 s — time to first result p50 / p95 / max`,
      `${ms(s.firstP50)} / ${ms(s.firstP95)} / ${ms(s.firstMax)} (${r.firstResults.length} learners)`,
      announced ? 'p95 ≤ 1 s' : 'p95 ≤ 3 s',
    ]);
    if (announced) rows.push(['… pool filled for the class (50 runtimes) after the announcement in', ms(fillMs)]);
    rows.push(['… workerd processes when the first learner arrived', String(before)]);
    rows.push(['… then every 2 s for 30 s — run p50 / p95', `${ms(s.p50)} / ${ms(s.p95)} (${r.requests} runs)`]);
    rows.push(['… errors', `${r.errors}${r.firstErrors.length ? ` (first: ${r.firstErrors[0]})` : ''}`, '0']);
    rows.push(['… learners who waited in line, longest wait', r.queued ? `${r.queued}, ${ms(Math.max(...r.queueWaits))}` : '0']);
    rows.push(['… server RSS with its workerd processes, peak', mib(r.peakRss)]);
  } finally {
    await server.stop();
  }
}
