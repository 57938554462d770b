import { expect, test } from 'vitest';
import { createStartGate } from '../../../src/server/lab-engine/start-gate';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('at most `slots` starts run at once, learners before the pool, in arrival order', async () => {
  const gate = createStartGate(2);
  const order: string[] = [];
  let running = 0;
  let peak = 0;
  const releases: Array<() => void> = [];
  const job = (name: string) => () =>
    new Promise<void>((resolve) => {
      order.push(name);
      running++;
      peak = Math.max(peak, running);
      releases.push(() => {
        running--;
        resolve();
      });
    });
  const all = [gate.run('pool', job('pool-1')), gate.run('pool', job('pool-2')), gate.run('pool', job('pool-3')), gate.run('learner', job('learner-1')), gate.run('learner', job('learner-2'))];
  await tick();
  expect(order).toEqual(['pool-1', 'pool-2']);
  expect(gate.learnersWaiting).toBe(2);
  releases.shift()!();
  await tick();
  expect(order).toEqual(['pool-1', 'pool-2', 'learner-1']);
  while (releases.length) {
    releases.shift()!();
    await tick();
  }
  await Promise.all(all);
  expect(order).toEqual(['pool-1', 'pool-2', 'learner-1', 'learner-2', 'pool-3']);
  expect(peak).toBe(2);
  expect(gate.waiting).toBe(0);
});

test('a start that fails frees its slot', async () => {
  const gate = createStartGate(1);
  await expect(gate.run('learner', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
  await expect(gate.run('learner', async () => 'ok')).resolves.toBe('ok');
});
