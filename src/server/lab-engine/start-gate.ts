import { availableParallelism } from 'node:os';

/**
 * Bounds how many workerd processes start at once in this process, learners first. A cold start costs
 * ≈0.3–0.5 s of CPU; when a class arrives unannounced, fifty starting together share two cores, every one
 * of them finishes late, and starts overrun their deadline and are retried. In line, the first learners get
 * their sandbox in one start time, and warm-pool refills only take a slot no learner is waiting for.
 */
export function createStartGate(slots = Math.max(2, availableParallelism())) {
  let running = 0;
  const waiting: { learner: Array<() => void>; pool: Array<() => void> } = { learner: [], pool: [] };

  function next() {
    while (running < slots) {
      const go = waiting.learner.shift() ?? waiting.pool.shift();
      if (!go) return;
      running++;
      go();
    }
  }

  return {
    /** Runs `start` when a slot is free (learners' starts before the pool's). */
    async run<T>(priority: 'learner' | 'pool', start: () => Promise<T>): Promise<T> {
      await new Promise<void>((resolve) => {
        waiting[priority].push(resolve);
        next();
      });
      try {
        return await start();
      } finally {
        running--;
        next();
      }
    },
    get waiting() {
      return waiting.learner.length + waiting.pool.length;
    },
    /** Learners' starts waiting for a slot (the pool does not start another while there are any). */
    get learnersWaiting() {
      return waiting.learner.length;
    },
  };
}

/** The process's gate: one per process, as all its engines share the same cores. */
export const startGate = createStartGate();
