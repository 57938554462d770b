export const percentile = (xs: number[], p: number) =>
  xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
export const ms = (n: number) => `${n.toFixed(1)} ms`;
export const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
export const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

export { treeRss, workerdCount } from '../../tests/support/processes';
