import { LabError } from '../errors';
import { dirBytes } from './disk-usage';

export const MIB = 1024 * 1024;
/** LAB_STORAGE_MB's default. */
export const DEFAULT_STORAGE_MB = 100;

export type StorageKind = 'kv' | 'd1' | 'cache' | 'assets';

export interface StorageUsage {
  usedBytes: number;
  limitBytes: number;
}

/** How far past the quota the disk may go before the runtime is stopped mid-write (see `overrun`). */
export const OVERRUN_SLACK = (limitBytes: number) => Math.max(5 * MIB, Math.round(limitBytes / 10));

/** How long a disk measurement stands in for the truth; writes admitted meanwhile are added to it. */
const MEASURE_MS = 200;
/** Admitted writes younger than this may not be on disk yet: they still count after a new measurement. */
const IN_FLIGHT_MS = 2_000;

export const quotaMessage = (u: StorageUsage, bytes: number, kind: StorageKind) =>
  `Storage quota exceeded: this ${kind === 'd1' ? 'D1' : kind === 'kv' ? 'KV' : kind} write of ${fmt(bytes)} would take the sandbox past its ${fmt(u.limitBytes)} quota ` +
  `(KV, D1, cache and static assets together use ${fmt(u.usedBytes)}; LAB_STORAGE_MB). Delete data to make room.`;

const fmt = (b: number) => (b >= MIB ? `${(b / MIB).toFixed(1)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} bytes`);

/**
 * One sandbox's storage quota, checked before every write (KV put, D1 write statement, cache put, asset upload): the
 * bytes on disk under the sandbox's data directory plus writes admitted but maybe not yet on disk. Reads and deletes
 * are never refused, so a full sandbox can always be cleaned up.
 */
export function createStorageQuota(options: { dir: string; limitBytes: number }) {
  let measured = 0;
  let measuredAt = 0;
  let measuring: Promise<number> | null = null;
  let admitted: { at: number; bytes: number }[] = [];

  async function measure(): Promise<number> {
    if (Date.now() - measuredAt < MEASURE_MS) return measured;
    measuring ??= dirBytes(options.dir).then((bytes) => {
      measured = bytes;
      measuredAt = Date.now();
      admitted = admitted.filter((a) => a.at > measuredAt - IN_FLIGHT_MS);
      measuring = null;
      return bytes;
    });
    return measuring;
  }

  const pending = () => admitted.reduce((sum, a) => (a.at > measuredAt ? sum + a.bytes : sum), 0);

  const quota = {
    limitBytes: options.limitBytes,
    /**
     * A fresh measurement well past the quota: a write got through unchecked (one statement writing far more than it
     * admitted). The slack covers SQLite's write-ahead log, which holds pages twice until it is checkpointed (up to
     * ~4 MiB), so ordinary writes that stopped at the quota are never mistaken for it.
     */
    async overrun(): Promise<boolean> {
      measuredAt = 0;
      return (await measure()) > options.limitBytes + OVERRUN_SLACK(options.limitBytes);
    },
    async usage(): Promise<StorageUsage> {
      return { usedBytes: (await measure()) + pending(), limitBytes: options.limitBytes };
    },
    /** Throws LabError('quota_exceeded') when `bytes` more would pass the quota; otherwise counts them as written. */
    async admit(kind: StorageKind, bytes: number): Promise<void> {
      if (bytes <= 0) return;
      if (kind === 'd1') measuredAt = 0; // a statement's size is unknown up front: judge it on what is on disk now
      const u = await quota.usage();
      if (u.usedBytes + bytes > options.limitBytes || u.usedBytes >= options.limitBytes) throw new LabError('quota_exceeded', quotaMessage(u, bytes, kind));
      admitted.push({ at: Date.now(), bytes });
    },
    /** The host Worker's QUOTA service binding: `{ kind, bytes }` in, `{ ok }` or `{ ok: false, error }` out. */
    async hook(request: Request): Promise<Response> {
      let body: { kind?: unknown; bytes?: unknown };
      try {
        body = (await request.json()) as typeof body;
      } catch {
        return Response.json({ ok: false, error: 'bad quota request' }, { status: 400 });
      }
      const kind = (['kv', 'd1', 'cache', 'assets'] as const).find((k) => k === body.kind) ?? 'kv';
      const bytes = Math.max(0, Number(body.bytes) || 0);
      try {
        await quota.admit(kind, bytes);
        return Response.json({ ok: true });
      } catch (error) {
        return Response.json({ ok: false, error: (error as Error).message });
      }
    },
  };
  return quota;
}

export type StorageQuota = ReturnType<typeof createStorageQuota>;
