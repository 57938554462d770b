// npm run bench:deploy — a class on a real deployment: two web processes on PostgreSQL behind the real proxy
// (Debian's Caddy with deploy/Caddyfile, https, round robin, no sticky sessions), 50 signed-in learners arriving
// over 10 s, one process killed (-9) at 20 s. Beside it: one process on SQLite behind the same proxy, nobody killed.
// Prints p50/p95 time to first result, errors and what was lost, and writes the README's table.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, sleep } from './support/stats';
import { freePort, startCourseServer, type CourseServer } from '../tests/support/course-server';
import { startPostgres, type TestPostgres } from '../tests/support/postgres-cluster';
import { httpsRequest, PUBLIC_HOST, selfSignedCertificate, startCaddy, type HttpsResponse, type RunningProxy, type TestCertificate } from '../tests/support/reverse-proxy';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50);
const LOAD_BEFORE = loadavg()[0]!.toFixed(1);
const ARRIVAL_MS = 10_000;
const KILL_AT_MS = 20_000;
const CLASS_MS = 45_000;
const RUN_EVERY_MS = 3_000;
const LAB = 'first-dispatch';
const QUIZ = 'dispatch-namespaces';

interface Learner {
  i: number;
  address: string;
  cookie: string;
  csrf: string;
  sandbox: { sandboxId: string; token: string } | null;
  acked: { work: string | null; passed: boolean; attempts: number };
}

interface Outcome {
  firstResult: number[];
  errors: number;
  firstErrors: string[];
  recreated: number;
  requests: number;
  lost: string[];
  acked: { work: number; passes: number; attempts: number };
}

class Deployment {
  readonly proxy: RunningProxy;
  readonly tls: TestCertificate;
  readonly servers: CourseServer[];
  constructor(proxy: RunningProxy, tls: TestCertificate, servers: CourseServer[]) {
    this.proxy = proxy;
    this.tls = tls;
    this.servers = servers;
  }

  /** One request as the learner's browser sends it, through the proxy over https. */
  async call(l: Learner | null, method: string, path: string, json?: unknown, extra: Record<string, string> = {}): Promise<HttpsResponse> {
    const headers: Record<string, string> = { origin: this.proxy.origin, accept: 'application/json', ...extra };
    if (json !== undefined) headers['content-type'] = 'application/json';
    if (l?.cookie) headers.cookie = l.cookie;
    if (l?.csrf && method !== 'GET') headers['x-csrf-token'] = l.csrf;
    const res = await httpsRequest(this.proxy, this.tls, path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json), localAddress: l?.address, timeoutMs: 60_000 });
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('course_session='));
    if (l && set) l.cookie = set.split(';')[0]!;
    return res;
  }
}

async function deploy(kind: 'postgres' | 'sqlite', processes: number, db: TestPostgres | null): Promise<Deployment> {
  const tls = selfSignedCertificate();
  const port = await freePort();
  const secret = randomBytes(24).toString('base64url');
  const servers: CourseServer[] = [];
  for (let p = 0; p < processes; p++) {
    // Each process has its own temp dir, as systemd's PrivateTmp gives it (deploy/wfp-course@.service).
    const tmp = mkdtempSync(join(tmpdir(), `wfp-bench-p${p}-`));
    servers.push(
      await startCourseServer({
        env: {
          SITE_ORIGIN: `https://${PUBLIC_HOST}:${port}`,
          TRUST_PROXY: '127.0.0.1',
          TMPDIR: tmp,
          LAB_RUNNER_SECRET: secret,
          ...(kind === 'postgres' ? { DATABASE_URL: db!.url } : {}),
        },
      }),
    );
  }
  const proxy = await startCaddy(servers.map((s) => new URL(s.url).host), tls, port);
  return new Deployment(proxy, tls, servers);
}

async function signUp(d: Deployment, i: number, run: string): Promise<Learner> {
  const l: Learner = { i, address: `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, cookie: '', csrf: '', sandbox: null, acked: { work: null, passed: false, attempts: 0 } };
  const res = await d.call(l, 'POST', '/api/auth/sign-up', { email: `learner-${run}-${i}@example.test`, name: `Learner ${i}`, password: 'correct-horse-battery' });
  if (res.status !== 201) throw new Error(`sign-up ${res.status}: ${res.body.slice(0, 200)}`);
  l.csrf = (JSON.parse(res.body) as { csrfToken: string }).csrfToken;
  return l;
}

async function createSandbox(d: Deployment, l: Learner, deadline: number): Promise<void> {
  let ticket: string | undefined;
  for (;;) {
    const res = await d.call(l, 'POST', `/api/labs/${LAB}/sandbox`, ticket ? { ticket } : {});
    if (res.status === 201) {
      l.sandbox = JSON.parse(res.body) as { sandboxId: string; token: string };
      return;
    }
    if (res.status !== 202) throw new Error(`create ${res.status} ${res.body.slice(0, 160)}`);
    const q = JSON.parse(res.body) as { ticket: string; retryAfterMs: number };
    ticket = q.ticket;
    if (performance.now() > deadline) throw new Error('still waiting in line when the class ended');
    await sleep(q.retryAfterMs);
  }
}

const SANDBOX_GONE = new Set([401, 404, 410]);

async function labCall(d: Deployment, l: Learner, action: 'run' | 'check', files: Record<string, string>, o: Outcome, deadline: number): Promise<HttpsResponse> {
  for (let tries = 0; ; tries++) {
    if (!l.sandbox) await createSandbox(d, l, deadline);
    const body = action === 'run' ? { files, request: { url: 'https://ann.example.com/' } } : { files };
    const res = await d.call(l, 'POST', `/api/labs/${LAB}/${action}?sandbox=${l.sandbox!.sandboxId}`, body, { authorization: `Bearer ${l.sandbox!.token}` });
    // The sandbox lived in the killed process (or another one could not reach it): the workbench makes a new one.
    if (SANDBOX_GONE.has(res.status) && tries === 0) {
      o.recreated++;
      l.sandbox = null;
      continue;
    }
    return res;
  }
}

async function attend(d: Deployment, l: Learner, t0: number, files: Record<string, string>, o: Outcome): Promise<void> {
  const fail = (what: string) => {
    o.errors++;
    if (o.firstErrors.length < 8) o.firstErrors.push(`learner ${l.i}: ${what}`);
  };
  const step = async (what: string, fn: () => Promise<void>) => {
    o.requests++;
    try {
      await fn();
    } catch (error) {
      fail(`${what}: ${(error as Error).message}`.slice(0, 200));
    }
  };
  const end = t0 + CLASS_MS;
  await sleep(Math.max(0, t0 + (ARRIVAL_MS / LEARNERS) * l.i - performance.now()));
  const arrived = performance.now();
  await step('first run', async () => {
    const res = await labCall(d, l, 'run', files, o, end);
    if (res.status !== 200) throw new Error(`run ${res.status} ${res.body.slice(0, 120)}`);
    o.firstResult.push(performance.now() - arrived);
  });
  await step('save work', async () => {
    const marker = `// saved by learner ${l.i} at ${Date.now()}\n`;
    const saved = Object.fromEntries(Object.entries(files).map(([k, v], n) => [k, n === 0 ? marker + v : v]));
    const res = await d.call(l, 'PUT', `/api/labs/${LAB}/work`, { files: saved });
    if (res.status !== 200) throw new Error(`save ${res.status} ${res.body.slice(0, 120)}`);
    l.acked.work = marker;
  });
  await step('check', async () => {
    const res = await labCall(d, l, 'check', files, o, end);
    if (res.status !== 200) throw new Error(`check ${res.status} ${res.body.slice(0, 120)}`);
    // Check answers NDJSON: progress lines, one `result` line per check.
    const results = res.body.trim().split('\n').map((line) => JSON.parse(line) as { type: string; passed?: boolean }).filter((e) => e.type === 'result');
    if (results.length > 0 && results.every((r) => r.passed)) l.acked.passed = true;
    else throw new Error('the solution did not pass');
  });
  await step('quiz', async () => {
    const res = await d.call(l, 'POST', `/api/quizzes/${QUIZ}/submit`, { answers: {} });
    if (res.status !== 201) throw new Error(`submit ${res.status} ${res.body.slice(0, 120)}`);
    l.acked.attempts++;
  });
  while (performance.now() + RUN_EVERY_MS < end) {
    const started = performance.now();
    await step('run', async () => {
      const res = await labCall(d, l, 'run', files, o, end);
      if (res.status !== 200) throw new Error(`run ${res.status} ${res.body.slice(0, 120)}`);
    });
    await sleep(Math.max(0, RUN_EVERY_MS - (performance.now() - started)));
  }
}

/** After the class, through the proxy: is everything that was acknowledged still there? */
async function audit(d: Deployment, learners: Learner[]): Promise<string[]> {
  const lost: string[] = [];
  for (const l of learners) {
    const me = await d.call(l, 'GET', '/api/auth/me');
    if (me.status !== 200) lost.push(`learner ${l.i}: session (${me.status})`);
    const work = await d.call(l, 'GET', `/api/labs/${LAB}/work`);
    const w = work.status === 200 ? (JSON.parse(work.body) as { work: { files?: Record<string, string> } | Record<string, string> | null; passed: boolean }) : null;
    const text = JSON.stringify(w?.work ?? null);
    if (l.acked.work && !text.includes(JSON.stringify(l.acked.work).slice(1, -1))) lost.push(`learner ${l.i}: saved work`);
    if (l.acked.passed && !w?.passed) lost.push(`learner ${l.i}: lab pass`);
    const quiz = await d.call(l, 'GET', `/api/quizzes/${QUIZ}`);
    const attempts = quiz.status === 200 ? ((JSON.parse(quiz.body) as { attempts?: unknown[] }).attempts?.length ?? 0) : -1;
    if (attempts < l.acked.attempts) lost.push(`learner ${l.i}: quiz attempt (${attempts} of ${l.acked.attempts})`);
  }
  return lost;
}

async function scenario(name: string, kind: 'postgres' | 'sqlite', processes: number, kill: boolean) {
  const db = kind === 'postgres' ? await startPostgres('wfp_bench') : null;
  const d = await deploy(kind, processes, db);
  try {
    const run = Date.now().toString(36);
    // Signed in before the class (sign-up hashes a password with scrypt; that is not what a class start measures).
    const learners: Learner[] = [];
    for (let i = 0; i < LEARNERS; i++) learners.push(await signUp(d, i, run));
    const files = (JSON.parse((await d.call(null, 'POST', `/api/labs/${LAB}/solution`)).body) as { files: Record<string, string> }).files;
    const o: Outcome = { firstResult: [], errors: 0, firstErrors: [], recreated: 0, requests: 0, lost: [], acked: { work: 0, passes: 0, attempts: 0 } };
    const t0 = performance.now();
    const killer = kill
      ? (async () => {
          await sleep(KILL_AT_MS);
          d.servers[1]!.process.kill('SIGKILL');
          console.log(`  ${name}: killed process 2 (pid ${d.servers[1]!.process.pid}) at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        })()
      : Promise.resolve();
    await Promise.all(learners.map((l) => attend(d, l, t0, files, o)));
    await killer;
    o.lost = await audit(d, learners);
    o.acked = {
      work: learners.filter((l) => l.acked.work).length,
      passes: learners.filter((l) => l.acked.passed).length,
      attempts: learners.reduce((n, l) => n + l.acked.attempts, 0),
    };
    return { name, o };
  } finally {
    // Why the proxy answered 502/503, if it did (Caddy logs each failed upstream round trip).
    const proxyErrors = d.proxy.output().split('\n').filter((l) => /"level":"error"/.test(l));
    if (proxyErrors.length > 0) console.log(`  ${name}: ${proxyErrors.length} proxy errors, e.g. ${proxyErrors.slice(0, 3).map((l) => /"error":"([^"]*)"/.exec(l)?.[1] ?? l.slice(0, 200)).join(' | ')}`);
    await d.proxy.stop();
    for (const s of d.servers) await s.stop();
    rmSync(d.tls.dir, { recursive: true, force: true });
    await db?.stop();
  }
}

const fmt = (n: number) => (Number.isNaN(n) ? '–' : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);

const results = [];
console.log(`bench:deploy — ${LEARNERS} signed-in learners arriving over ${ARRIVAL_MS / 1000} s, each: first run, save, check, quiz, then a run every ${RUN_EVERY_MS / 1000} s for ${CLASS_MS / 1000} s`);
results.push(await scenario('2 processes, PostgreSQL, Caddy round robin; one killed -9 at 20 s', 'postgres', 2, true));
results.push(await scenario('1 process, SQLite, Caddy; nobody killed', 'sqlite', 1, false));

const rows = results.map(({ name, o }) => `| ${name} | ${o.firstResult.length}/${LEARNERS} | ${fmt(percentile(o.firstResult, 50))} | ${fmt(percentile(o.firstResult, 95))} | ${o.errors} of ${o.requests} | ${o.recreated} | ${o.acked.work} / ${o.acked.passes} / ${o.acked.attempts} | ${o.lost.length === 0 ? 'nothing' : `${o.lost.length}: ${o.lost.slice(0, 3).join('; ')}`} |`);
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on this project's 2-core machine, shared (load average ${LOAD_BEFORE} before the run), ${LEARNERS} learners, https through Caddy:`,
  '',
  '| Setup | learners served | first result p50 | first result p95 | errors (of requests) | sandboxes re-created | acknowledged saves / lab passes / quiz attempts | lost afterwards |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(`\n${table}\n`);
for (const { name, o } of results) if (o.firstErrors.length) console.log(`${name}, first errors:\n  ${o.firstErrors.join('\n  ')}`);

const readme = readFileSync('README.md', 'utf8');
const start = '<!-- bench:deploy:start -->';
const stop = '<!-- bench:deploy:end -->';
if (readme.includes(start) && readme.includes(stop)) {
  writeFileSync('README.md', readme.slice(0, readme.indexOf(start) + start.length) + '\n' + table + '\n' + readme.slice(readme.indexOf(stop)));
  console.log('README.md: table written under "Several processes".');
}
