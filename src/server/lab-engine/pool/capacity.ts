import { totalmem } from 'node:os';

/**
 * What one active sandbox costs: its workerd's resident memory plus the server's share, measured by
 * `npm run bench:engine` on this project's machine (mean ≈ 95 MiB over 10 sandboxes with a few Workers).
 */
export const SANDBOX_COST_BYTES = 100 * 1024 * 1024;
/** Leave a quarter of the machine to the server, the database and the operating system. */
const MEMORY_SHARE = 0.75;

/** Sandboxes alive at once by default: as many as fit in 75 % of the machine's memory. */
export function defaultCapacity(totalBytes = totalmem(), costBytes = SANDBOX_COST_BYTES): number {
  return Math.max(4, Math.min(2_000, Math.floor((totalBytes * MEMORY_SHARE) / costBytes)));
}

/** Places for visitors who are not signed in: a fixed share, at least one. */
export function anonymousCapacity(capacity: number, share: number): number {
  return Math.max(1, Math.floor(capacity * Math.min(1, Math.max(0, share))));
}

export const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
