/** Runs async jobs one at a time, in order: a sandbox handles one run or change at a time. */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function enqueue<T>(job: () => Promise<T>): Promise<T> {
    const result = tail.then(job, job);
    tail = result.catch(() => {});
    return result;
  };
}
