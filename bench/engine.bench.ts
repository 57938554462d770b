/**
 * Lab engine benchmark: `npm run bench:engine`. Prints a Markdown table of figures measured in this run;
 * nothing here asserts a speed. Runs under Vitest only because the engine imports its in-workerd code
 * with Vite's `?raw`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import type { Sandbox } from '../src/server/lab-engine';
import { residentBytes } from '../src/server/lab-engine/process-monitor';
import { dispatchBinding, esm, SUBDOMAIN_DISPATCHER, testEngine } from '../tests/support/lab-engine';

const tenant = (name: string) => esm(`export default { fetch(r) { return new Response('${name} ' + new URL(r.url).pathname); } }`);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;

async function setUp(sandbox: Sandbox, tenants: number) {
  await sandbox.createNamespace('production');
  await sandbox.uploadAccountWorker('dispatcher', esm(SUBDOMAIN_DISPATCHER, [dispatchBinding()]));
  for (let i = 0; i < tenants; i++) await sandbox.uploadUserWorker('production', `tenant-${i}`, tenant(`tenant-${i}`));
}

async function wranglerDevFirstResponse(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'wrangler-bench-'));
  writeFileSync(join(dir, 'index.js'), `export default { fetch() { return new Response('hello'); } }`);
  writeFileSync(join(dir, 'wrangler.jsonc'), JSON.stringify({ name: 'bench', main: 'index.js', compatibility_date: '2026-07-01' }));
  const port = 8700 + Math.floor(Math.random() * 200);
  const started = performance.now();
  const child = spawn(join(process.cwd(), 'node_modules/.bin/wrangler'), ['dev', '--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false'], {
    cwd: dir,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', CLOUDFLARE_ACCOUNT_ID: '0'.repeat(32), WRANGLER_LOG: 'error' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.ok) return performance.now() - started;
      } catch {
        /* not up yet */
      }
      if (performance.now() - started > 60_000) return NaN;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  }
}

test('lab engine benchmark', async () => {
  const rows: Array<[string, string]> = [];
  const engine = testEngine({ maxSandboxes: 64 });
  try {
    // Cold start: new sandbox with dispatcher + 3 user Workers to its first answered request.
    let t = performance.now();
    const cold = await engine.create();
    await setUp(cold, 3);
    const first = await cold.send({ url: 'https://tenant-0.example.com/' });
    if (first.status !== 200) throw new Error(`cold run failed: ${first.status} ${first.body}`);
    const coldMs = performance.now() - t;
    rows.push(['Cold sandbox start → first response (dispatcher + 3 user Workers)', ms(coldMs)]);

    // Warm latency through dispatcher → user Worker, as the HTTP route sees it (logs and trace included).
    const warm: number[] = [];
    for (let i = 0; i < 300; i++) {
      t = performance.now();
      await cold.send({ url: `https://tenant-${i % 3}.example.com/` });
      warm.push(performance.now() - t);
    }
    rows.push(['Warm request dispatcher → user Worker, p50 / p95 (300 runs)', `${ms(percentile(warm, 50))} / ${ms(percentile(warm, 95))}`]);

    // Edit then request: replace one user Worker's code and send a request that reaches it.
    const edits: number[] = [];
    for (let i = 0; i < 10; i++) {
      t = performance.now();
      await cold.uploadUserWorker('production', 'tenant-1', tenant(`tenant-1-v${i}`));
      const res = await cold.send({ url: 'https://tenant-1.example.com/' });
      if (!res.body.startsWith(`tenant-1-v${i}`)) throw new Error('edit not visible');
      edits.push(performance.now() - t);
    }
    rows.push(['Edit one user Worker → response from the new code, p50 / max (10 edits)', `${ms(percentile(edits, 50))} / ${ms(Math.max(...edits))}`]);

    // Throughput: 20 concurrent clients against one sandbox for 3 s (runs are serialised per sandbox).
    let done = 0;
    const until = performance.now() + 3_000;
    await Promise.all(
      Array.from({ length: 20 }, async (_, c) => {
        while (performance.now() < until) {
          await cold.send({ url: `https://tenant-${c % 3}.example.com/` });
          done++;
        }
      }),
    );
    rows.push(['Requests/s, 20 concurrent clients, one sandbox', `${(done / 3).toFixed(0)}`]);

    // Four sandboxes, five clients each: throughput across learners on this 2-core machine.
    const four = [cold, ...(await Promise.all([1, 2, 3].map(async () => { const s = await engine.create(); await setUp(s, 3); await s.warm(); return s; })))];
    done = 0;
    const until4 = performance.now() + 3_000;
    await Promise.all(
      Array.from({ length: 20 }, async (_, c) => {
        while (performance.now() < until4) {
          await four[c % 4]!.send({ url: `https://tenant-${c % 3}.example.com/` });
          done++;
        }
      }),
    );
    rows.push(['Requests/s, 20 concurrent clients over 4 sandboxes', `${(done / 3).toFixed(0)}`]);

    const rss3 = (await residentBytes(cold.runtimePid!))!;
    rows.push(['workerd memory, 3 tenants (RSS)', mib(rss3)]);

    const big = await engine.create();
    await setUp(big, 50);
    await big.send({ url: 'https://tenant-49.example.com/' });
    for (let i = 0; i < 50; i++) await big.send({ url: `https://tenant-${i}.example.com/` });
    const rss50 = (await residentBytes(big.runtimePid!))!;
    rows.push(['workerd memory, 50 tenants, each invoked (RSS)', mib(rss50)]);

    // Capacity: start more active sandboxes and measure their mean footprint.
    const extra = await Promise.all(Array.from({ length: 6 }, async () => { const s = await engine.create(); await setUp(s, 3); await s.send({ url: 'https://tenant-0.example.com/' }); return s; }));
    const active = [...four, ...extra];
    const rss = await Promise.all(active.map((s) => residentBytes(s.runtimePid!)));
    const mean = rss.reduce<number>((a, b) => a + (b ?? 0), 0) / rss.length;
    const budget = totalmem() * 0.75;
    rows.push([`Active sandboxes that fit in 75 % of ${mib(totalmem())} (mean ${mib(mean)} each over ${active.length})`, `${Math.floor(budget / mean)} (memory-bound; CPU: 2 cores are shared)`]);

    const wranglerMs = await wranglerDevFirstResponse();
    rows.push(['`wrangler dev` (4.164, offline) → first response, one Worker', ms(wranglerMs)]);
    rows.push(['Ratio: wrangler dev first response / lab cold start', `${(wranglerMs / coldMs).toFixed(1)}×`]);
  } finally {
    await engine.close();
  }
  const table = ['| Measure | Result |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  console.log(`\nLab engine benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node})\n\n${table}\n`);
}, 300_000);
