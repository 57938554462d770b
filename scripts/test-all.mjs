// `npm test`: every stage in order (type checks, build, unit, integration, e2e), stopping at the first failure,
// then each stage's duration, so a suite creeping towards the 30-minute budget shows up in every run.
import { spawnSync } from 'node:child_process';

const stages = [
  ['node version', ['node', 'scripts/check-node.mjs']],
  ['type checks', ['npm', 'run', 'check']],
  ['build', ['npm', 'run', 'build']],
  ['unit', ['npm', 'run', 'test:unit']],
  ['integration', ['npm', 'run', 'test:integration']],
  // The store-touching integration tests again with every server on PostgreSQL (TEST_DATABASE_URL; see README).
  ['postgres', ['npm', 'run', 'test:postgres']],
  ['e2e', ['npm', 'run', 'test:e2e']],
];

const BUDGET_MIN = 30;
const timings = [];
let failed = null;
const started = Date.now();
for (const [name, [command, ...args]] of stages) {
  const t0 = Date.now();
  const run = spawnSync(command, args, { stdio: 'inherit' });
  timings.push({ name, ms: Date.now() - t0, ok: run.status === 0 });
  if (run.status !== 0) {
    failed = { name, code: run.status ?? 1 };
    break;
  }
}
const total = Date.now() - started;

const fmt = (ms) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
console.log('\nTest stages (m:ss)');
for (const t of timings) console.log(`  ${t.name.padEnd(12)} ${fmt(t.ms).padStart(6)}  ${t.ok ? 'passed' : 'FAILED'}`);
for (const [name] of stages.slice(timings.length)) console.log(`  ${name.padEnd(12)} ${'-'.padStart(6)}  not run`);
console.log(`  ${'total'.padEnd(12)} ${fmt(total).padStart(6)}  (budget ${BUDGET_MIN}:00)`);
if (total > BUDGET_MIN * 60_000) console.log(`  WARNING: the suite took longer than ${BUDGET_MIN} minutes.`);
process.exit(failed ? failed.code : 0);
