// `npm run bench:cluster` (issue 23): two web processes and two lab runners on loopback (separate TMPDIRs and
// runner directories, one store), a class arriving, one runner killed with kill -9 mid-class; beside the same
// class on one process with its embedded runner. Also the warm-path cost of the runner hop. Prints Markdown.
// Nothing here asserts a speed. Settings: BENCH_LEARNERS (100), BENCH_ARRIVAL_S (20), BENCH_KILL_AT_S (30),
// BENCH_END_S (50), BENCH_WARM_RUNS (200).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const N = Number(process.env.BENCH_LEARNERS ?? 100);
const ARRIVAL_S = Number(process.env.BENCH_ARRIVAL_S ?? 20);
const KILL_AT_S = Number(process.env.BENCH_KILL_AT_S ?? 30);
const END_S = Number(process.env.BENCH_END_S ?? 50);
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 200);
const SECRET = 'bench-cluster-secret-0123456789abcdefghijklmnop';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] : NaN);
const s = (msValue) => (Number.isFinite(msValue) ? `${(msValue / 1000).toFixed(2)} s` : '–');
const cleanup = [];
const dirs = [];
const tmp = (name) => {
  const dir = mkdtempSync(join(tmpdir(), `wfp-bench-cluster-${name}-`));
  dirs.push(dir);
  return dir;
};

async function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function start(script, env, ready) {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  // Stopping waits for the exit: a runner drains and removes its own directory before it exits.
  cleanup.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(25_000)]);
  });
  return (async () => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${script} exited:\n${log}`);
      if (await ready(log)) return { child, log: () => log };
      if (Date.now() > deadline) throw new Error(`${script} did not start:\n${log}`);
      await sleep(200);
    }
  })();
}

async function web(env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const p = await start('scripts/serve.mjs', { HOST: '127.0.0.1', PORT: String(port), ...env }, async () => {
    try {
      return (await fetch(`${url}/api/health`)).ok;
    } catch {
      return false;
    }
  });
  return { ...p, url };
}

async function runner(env) {
  const p = await start('scripts/lab-runner.mjs', { LAB_RUNNER_PORT: String(await freePort()), LAB_RUNNER_SKIP_BUILD: '1', ...env }, async (log) => /serves the runner API/.test(log));
  return p;
}

const WORKER = `export default {
  async fetch(request, env) {
    const n = Number((await env.STATE.get('runs')) ?? '0') + 1;
    await env.STATE.put('runs', String(n));
    return new Response(JSON.stringify({ runs: n, owner: await env.STATE.get('owner') }));
  },
};`;

function form(metadata, code) {
  const f = new FormData();
  f.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }), 'metadata.json');
  f.append('worker', new Blob([code], { type: 'application/javascript+module' }), 'worker.mjs');
  return f;
}

/** One learner: a sandbox (waiting in line if needed), a Worker and KV through the API, then a run every 2 s. */
async function learner(i, webs, t0, stats) {
  const pick = (k) => webs[(i + k) % webs.length].url;
  let k = 0;
  const arrived = performance.now();
  const cookie = `lab_session=${'l'.repeat(8)}${String(i).padStart(4, '0')}${'x'.repeat(28)}`;
  const call = async (path, init = {}) => {
    const url = pick(k++);
    try {
      return await fetch(url + path, { ...init, headers: { cookie, origin: url, ...(init.headers ?? {}) } });
    } catch (error) {
      stats.errors.push(`learner ${i}: ${path.split('?')[0]}: ${error.cause?.code ?? error.message}`);
      return null;
    }
  };
  let info = null;
  let ticket;
  while (!info && performance.now() - t0 < END_S * 1000) {
    const res = await call('/api/sandboxes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ticket ? { ticket } : { queue: true }) });
    if (res?.status === 201) info = await res.json();
    else if (res?.status === 202) {
      ticket = (await res.json()).ticket;
      await sleep(1000);
    } else {
      if (res) stats.errors.push(`learner ${i}: create ${res.status} ${(await res.text()).slice(0, 120)}`);
      await sleep(1000);
    }
  }
  if (!info) return;
  const auth = { authorization: `Bearer ${info.token}` };
  const api = (path, init = {}) => call(`/api/sandboxes/${info.id}/client/v4/accounts/${info.accountId}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
  // Like a learner pressing Deploy again: a step that failed (a cold start overrunning its budget on a busy
  // machine) is retried after a second, and counted as an error.
  const step = async (what, fn) => {
    while (performance.now() - t0 < END_S * 1000) {
      const res = await fn();
      if (res?.ok) return res;
      if (res) stats.errors.push(`learner ${i}: ${what} ${res.status} ${(await res.text()).slice(0, 160)}`);
      await sleep(1000);
    }
    return null;
  };
  const kvRes = await step('kv', () => api('/storage/kv/namespaces', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'state' }) }));
  if (!kvRes) return;
  const kv = (await kvRes.json()).result;
  if (!(await step('owner', () => api(`/storage/kv/namespaces/${kv.id}/values/owner`, { method: 'PUT', body: `learner-${i}` })))) return;
  const up = await step('upload', () => api('/workers/scripts/counter', { method: 'PUT', body: form({ main_module: 'worker.mjs', compatibility_date: '2026-07-01', bindings: [{ type: 'kv_namespace', name: 'STATE', namespace_id: kv.id }] }, WORKER) }));
  if (!up) return;
  let acknowledged = 0;
  let first = true;
  while (performance.now() - t0 < END_S * 1000) {
    const res = await call(`/api/sandboxes/${info.id}/requests`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://counter.example.com/' }) });
    if (res?.ok) {
      if (res.headers.get('x-lab-notice')) stats.moved.add(i);
      const result = await res.json();
      if (result.status === 200) {
        const body = JSON.parse(result.body);
        if (first) stats.firstResult.push(performance.now() - arrived);
        first = false;
        // Lost: a run that sees fewer acknowledged runs than before, or the owner value gone.
        if (body.runs !== acknowledged + 1 || body.owner !== `learner-${i}`) stats.lost.push(`learner ${i}: expected run ${acknowledged + 1} owner learner-${i}, got ${result.body}`);
        acknowledged = body.runs;
        stats.runs++;
      } else stats.errors.push(`learner ${i}: run ${result.status} ${result.error?.message ?? ''}`.slice(0, 160));
    } else if (res) stats.errors.push(`learner ${i}: run HTTP ${res.status} ${(await res.text()).slice(0, 120)}`);
    await sleep(2000);
  }
}

async function classRun(webs, onTick) {
  const stats = { firstResult: [], errors: [], lost: [], moved: new Set(), runs: 0 };
  const t0 = performance.now();
  const ticker = setInterval(() => onTick?.((performance.now() - t0) / 1000), 250);
  await Promise.all(Array.from({ length: N }, (_, i) => sleep((i * ARRIVAL_S * 1000) / N).then(() => learner(i, webs, t0, stats))));
  clearInterval(ticker);
  return stats;
}

async function warmPath(base, label) {
  const info = await (await fetch(`${base}/api/sandboxes`, { method: 'POST', headers: { cookie: `lab_session=${'w'.repeat(40)}`, origin: base } })).json();
  const auth = { authorization: `Bearer ${info.token}` };
  const api = `${base}/api/sandboxes/${info.id}/client/v4/accounts/${info.accountId}`;
  const f = form({ main_module: 'worker.mjs', compatibility_date: '2026-07-01' }, `export default { fetch() { return new Response('hi'); } }`);
  const up = await fetch(`${api}/workers/scripts/hello`, { method: 'PUT', headers: auth, body: f });
  if (!up.ok) throw new Error(`${label}: upload ${up.status}`);
  const times = [];
  for (let i = 0; i < WARM_RUNS + 20; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/sandboxes/${info.id}/requests`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://hello.example.com/' }) });
    await res.json();
    if (i >= 20) times.push(performance.now() - t);
  }
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

const row = (label, st, extra = {}) =>
  `| ${label} | ${N} over ${ARRIVAL_S} s | ${s(pct(st.firstResult, 50))} | ${s(pct(st.firstResult, 95))} | ${s(Math.max(...st.firstResult))} | ${st.firstResult.length}/${N} | ${st.runs} | ${st.errors.length} | ${extra.recreated ?? '–'} | ${st.lost.length === 0 ? 'nothing' : `${st.lost.length} runs`} |`;

async function main() {
  if (!existsSync('dist/server/entry.mjs')) execFileSync(process.execPath, ['node_modules/.bin/astro', 'build'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/lab-runner.mjs'], { env: { ...process.env, LAB_RUNNER_BUILD_ONLY: '1' }, stdio: 'inherit' });
  const common = { LAB_ANON_SHARE: '1', LAB_CREATE_PER_ADDRESS_PER_MINUTE: '100000', LAB_RUNNER_SECRET: SECRET };
  const lines = [];

  // Single process, embedded runner.
  const soloData = tmp('solo');
  const solo = await web({ ...common, COURSE_DATA_DIR: soloData, TMPDIR: tmp('solo-tmp') });
  const warmSolo = await warmPath(solo.url, 'embedded');
  const soloStats = await classRun([solo]);
  solo.child.kill('SIGTERM');
  await new Promise((r) => solo.child.once('exit', r));

  // Cluster: two runners, two web processes, one store.
  const data = tmp('data');
  const r1 = await runner({ ...common, COURSE_DATA_DIR: data, LAB_RUNNER_DIR: tmp('r1'), TMPDIR: tmp('r1-tmp') });
  const r2 = await runner({ ...common, COURSE_DATA_DIR: data, LAB_RUNNER_DIR: tmp('r2'), TMPDIR: tmp('r2-tmp') });
  const webEnv = (name) => ({ ...common, COURSE_DATA_DIR: data, LAB_RUNNERS: 'remote', TMPDIR: tmp(name) });
  const w1 = await web(webEnv('w1'));
  const w2 = await web(webEnv('w2'));
  const warmCluster = await warmPath(w1.url, 'runner');
  let killed = false;
  const clusterStats = await classRun([w1, w2], (t) => {
    if (!killed && t >= KILL_AT_S) {
      killed = true;
      r1.child.kill('SIGKILL');
    }
  });
  const { DatabaseSync } = await import('node:sqlite');
  const db = new DatabaseSync(join(data, 'course.sqlite'));
  const recreated = db.prepare('SELECT COUNT(*) AS n FROM lab_sandboxes WHERE moves > 0').get().n;
  db.close();

  lines.push(`Measured ${new Date().toISOString().slice(0, 16)}Z on this machine (2 cores, shared), anonymous learners (LAB_ANON_SHARE=1), default warm pool (3 per runner).`);
  lines.push('');
  lines.push('| Set-up | Learners | First result p50 | p95 | max | Got a result | Runs | Errors | Sandboxes re-created | Lost |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  lines.push(row('one process (embedded runner)', soloStats));
  lines.push(row(`2 web + 2 runners, runner 1 kill -9 at ${KILL_AT_S} s`, clusterStats, { recreated: `${recreated} (${clusterStats.moved.size} learners saw the notice)` }));
  lines.push('');
  lines.push(`Warm run (\`POST /api/sandboxes/{id}/requests\`, ${WARM_RUNS} runs): embedded p50 ${warmSolo.p50.toFixed(2)} ms (p95 ${warmSolo.p95.toFixed(2)}), through a runner p50 ${warmCluster.p50.toFixed(2)} ms (p95 ${warmCluster.p95.toFixed(2)}): the hop adds ${(warmCluster.p50 - warmSolo.p50).toFixed(2)} ms p50 (target ≤ 2 ms).`);
  console.log(lines.join('\n'));
  const show = (label, st) => st.errors.length + st.lost.length > 0 && console.log(`\n${label}: first errors/losses:\n${[...st.errors, ...st.lost].slice(0, 10).join('\n')}`);
  show('one process', soloStats);
  show('cluster', clusterStats);
}

try {
  await main();
} finally {
  await Promise.all(cleanup.map((c) => c()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
