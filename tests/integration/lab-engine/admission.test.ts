import { afterEach, expect, test } from 'vitest';
import type { Admission, LabEngine } from '../../../src/server/lab-engine';
import { esm, testEngine } from '../../support/lab-engine';

let engine: (LabEngine & { close(): Promise<void> }) | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

const learner = (n: number) => ({ key: `user:${n}`, anonymous: false });
const visitor = (n: number) => ({ key: `anon:${n}`, anonymous: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ready(a: Admission) {
  if (a.status !== 'ready') throw new Error(`expected a sandbox, got ${JSON.stringify(a)}`);
  return a.sandbox;
}
function queued(a: Admission) {
  if (a.status !== 'queued') throw new Error('expected a place in line, got a sandbox');
  return a;
}

test('a full server gives places in line in arrival order, and the head gets the next free sandbox', async () => {
  engine = testEngine({ maxSandboxes: 2, reclaimIdleMs: 3_600_000 });
  const first = ready(await engine.admit(learner(1)));
  ready(await engine.admit(learner(2)));
  const third = queued(await engine.admit(learner(3)));
  const fourth = queued(await engine.admit(learner(4)));
  expect([third.position, fourth.position, fourth.total]).toEqual([1, 2, 2]);
  expect(third.retryAfterMs).toBeGreaterThan(0);
  // The same owner asking again keeps their place rather than joining twice.
  expect(queued(await engine.admit(learner(3))).ticket).toBe(third.ticket);

  await engine.dispose(first.id);
  // The fourth cannot jump the line while the third is still polling.
  expect(queued(await engine.admit(learner(4), { ticket: fourth.ticket })).position).toBe(2);
  ready(await engine.admit(learner(3), { ticket: third.ticket }));
  expect(engine.queued).toBe(1);
  // A ticket is only good for its owner.
  expect(queued(await engine.admit(learner(5), { ticket: fourth.ticket })).ticket).not.toBe(fourth.ticket);
});

test('a ticket nobody polls lapses, and a full server without waiting answers with a message', async () => {
  engine = testEngine({ maxSandboxes: 1, reclaimIdleMs: 3_600_000, queueLapseMs: 200 });
  ready(await engine.admit(learner(1)));
  const waiting = queued(await engine.admit(learner(2)));
  await sleep(300);
  expect(engine.isWaiting(waiting.ticket, 'user:2')).toBe(false);
  await expect(engine.admit(learner(3), { wait: false })).rejects.toThrow(/lab server is full/);
});

test('anonymous visitors have their own small share and never crowd out signed-in learners', async () => {
  engine = testEngine({ maxSandboxes: 4, anonymousShare: 0.25, reclaimIdleMs: 3_600_000 });
  expect(engine.anonymousPlaces).toBe(1);
  ready(await engine.admit(visitor(1)));
  const second = queued(await engine.admit(visitor(2)));
  expect(second.position).toBe(1);
  // The visitor waiting ahead does not hold up learners: their share is separate.
  for (const n of [1, 2, 3]) ready(await engine.admit(learner(n)));
  await expect(engine.admit(visitor(3), { wait: false })).rejects.toThrow(/not signed in/);
});

test('one learner holds a bounded number of sandboxes: a new one replaces their oldest', async () => {
  engine = testEngine({ maxSandboxes: 10, sandboxesPerOwner: 2 });
  const a = ready(await engine.admit(learner(1)));
  const b = ready(await engine.admit(learner(1)));
  const c = ready(await engine.admit(learner(1)));
  expect(engine.find(a.id)).toBeUndefined();
  expect(engine.find(b.id)).toBeDefined();
  expect(engine.find(c.id)).toBeDefined();
  expect(engine.size).toBe(2);
});

test('when the server is full, the least recently used idle sandbox is reclaimed before anyone queues', async () => {
  engine = testEngine({ maxSandboxes: 2, reclaimIdleMs: 150 });
  const older = ready(await engine.admit(learner(1)));
  const newer = ready(await engine.admit(learner(2)));
  await sleep(100);
  newer.touch();
  await sleep(100);
  const third = ready(await engine.admit(learner(3)));
  expect(engine.find(older.id)).toBeUndefined();
  expect(engine.find(newer.id)).toBeDefined();
  expect(engine.find(third.id)).toBeDefined();
});

test('the warm pool hands over a started runtime that answers at once', async () => {
  engine = testEngine({ warmPoolSize: 1, log: () => {} });
  for (let i = 0; i < 400 && engine.warmReady === 0; i++) await sleep(50);
  expect(engine.warmReady).toBe(1);
  const sandbox = ready(await engine.admit(learner(1)));
  expect(sandbox.runtimeRunning).toBe(true);
  const pid = sandbox.runtimePid;
  await sandbox.uploadAccountWorker('dispatcher', esm(`export default { fetch() { return new Response('from the pool'); } }`));
  const result = await sandbox.send({ url: 'https://example.com/' });
  expect(result.body).toBe('from the pool');
  expect(pid).not.toBeNull();
});
