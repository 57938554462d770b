import { LabError } from '../errors';
import { diskSpace, dirBytes } from './disk-usage';
import { MIB } from './storage-quota';

const GIB = 1024 * MIB;
const CACHE_MS = 1_000;

/**
 * Server-wide room for sandboxes: LAB_STORAGE_TOTAL_GB over all sandboxes' data, and the disk itself. A new sandbox
 * needs room for its full quota; when there is none it is refused with a message instead of filling the disk.
 */
export function createServerStorage(options: { dir: string; perSandboxBytes: number; totalLimitBytes?: number }) {
  let cached: { at: number; usedBytes: number; freeBytes: number; diskBytes: number } | null = null;
  async function measure() {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached;
    const [usedBytes, disk] = await Promise.all([dirBytes(options.dir), diskSpace(options.dir).catch(() => ({ freeBytes: Infinity, totalBytes: Infinity }))]);
    cached = { at: Date.now(), usedBytes, freeBytes: disk.freeBytes, diskBytes: disk.totalBytes };
    return cached;
  }
  const gib = (b: number) => `${(b / GIB).toFixed(2)} GiB`;
  return {
    measure,
    /** Throws LabError('storage_full') when a new sandbox would not have room for its quota. */
    async checkRoom(): Promise<void> {
      const m = await measure();
      const cap = options.totalLimitBytes;
      if (cap !== undefined && m.usedBytes + options.perSandboxBytes > cap) {
        throw new LabError('storage_full', `The lab server's storage is full: sandboxes use ${gib(m.usedBytes)} of the ${gib(cap)} it allows (LAB_STORAGE_TOTAL_GB), and a new sandbox needs room for its ${(options.perSandboxBytes / MIB).toFixed(0)} MiB quota. Try again later, when idle sandboxes are cleaned up.`);
      }
      // Nearly full: less than two sandboxes' quotas or 2 % of the disk left.
      if (m.freeBytes < Math.max(2 * options.perSandboxBytes, 0.02 * m.diskBytes)) {
        throw new LabError('storage_full', `The lab server's disk is nearly full (${gib(m.freeBytes)} free), so no new lab sandbox can start. Try again later; the server's operator has been told in its log.`);
      }
    },
    forget: () => void (cached = null),
  };
}

export type ServerStorage = ReturnType<typeof createServerStorage>;
export { GIB };
