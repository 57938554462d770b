import { LabError, type LabOwner } from '../lab-engine';
import { anonymousCapacity } from '../lab-engine/pool/capacity';
import type { Fleet, PlacedRunner } from './fleet';
import type { QueueRepository, QueueRow } from './store/queue';
import type { SandboxesRepository } from './store/sandboxes';

export interface AdmissionOptions {
  fleet: Fleet;
  sandboxes: SandboxesRepository;
  queue: QueueRepository;
  /** Sandboxes one learner or session holds at once; a new one replaces their oldest. */
  perOwner: number;
  anonymousShare: number;
  /** When every runner is full, a sandbox idle this long is reclaimed before anyone queues. */
  reclaimIdleMs: number;
  /** A waiter who has not polled for this long no longer holds up those behind (it keeps its place). */
  staleMs?: number;
  retryAfterMs?: number;
}

export type FleetAdmission =
  | { status: 'ready'; sandbox: { id: string; token: string; accountId: string } }
  | { status: 'queued'; ticket: string; position: number; total: number; retryAfterMs: number };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Site-wide admission: places are LAB_MAX_SANDBOXES per live runner, counted from the sandbox records in
 * the store; the line (tickets, order, positions) is in the store too, so every web process sees the same
 * line and a learner keeps their place when the process that gave them the ticket dies.
 */
export function createAdmission(options: AdmissionOptions) {
  const { fleet, sandboxes, queue } = options;
  const staleMs = options.staleMs ?? 5_000;
  const retryAfterMs = options.retryAfterMs ?? 1_000;

  function room(list: PlacedRunner[]) {
    const total = list.filter((p) => !p.row.draining).reduce((n, p) => n + p.row.max_sandboxes, 0);
    const used = list.reduce((n, p) => n + p.count, 0);
    const anonUsed = list.reduce((n, p) => n + p.anonymous, 0);
    const anonPlaces = anonymousCapacity(Math.max(1, total), options.anonymousShare);
    const free = list.some((p) => p.free > 0);
    return { total, anonPlaces, anonFull: anonUsed >= anonPlaces, has: (anonymous: boolean) => free && used < total && (!anonymous || anonUsed < anonPlaces) };
  }

  async function reclaimIdle(anonymousOnly: boolean): Promise<boolean> {
    const idle = await sandboxes.oldestIdle(iso(Date.now() - options.reclaimIdleMs), anonymousOnly);
    if (!idle) return false;
    await fleet.dispose(idle);
    return true;
  }

  const fullMessage = (anonymous: boolean, r: ReturnType<typeof room>) =>
    anonymous && r.anonFull
      ? `The lab server is full for visitors who are not signed in (${r.anonPlaces} of its ${r.total} places are theirs, and all are in use). Sign in to use a learner's place, or try again in a minute.`
      : `The lab server is full: ${r.total} lab sandboxes are running, the most it allows. Try again in a minute, when idle sandboxes are cleaned up.`;

  return {
    /** Whether `ticket` is a live place in line for this owner (polls with one skip the creation budgets). */
    isWaiting: async (ticket: string, ownerKey: string) => (await queue.find(ticket, ownerKey)) !== undefined,
    async admit(owner: LabOwner, request: { ticket?: string; wait?: boolean; userId: number | null; labId: string | null }): Promise<FleetAdmission> {
      await queue.sweep();
      const waiter = await queue.find(request.ticket, owner.key);
      const held = await sandboxes.byOwner(owner.key);
      for (const old of held.slice(0, Math.max(0, held.length - options.perOwner + 1))) await fleet.dispose(old);
      let r = room(await fleet.placements());
      if (!r.has(owner.anonymous)) {
        if (owner.anonymous && r.anonFull) await reclaimIdle(true);
        else await reclaimIdle(false);
        r = room(await fleet.placements());
      }
      const line = await queue.line();
      const now = Date.now();
      const blocked = (() => {
        for (const w of line) {
          if (waiter && w.ticket === waiter.ticket) return false;
          if (now - Date.parse(w.polled_at) <= staleMs && r.has(w.anonymous === 1)) return true;
        }
        return false;
      })();
      if (r.has(owner.anonymous) && !blocked) {
        try {
          const placed = await fleet.place({ ownerKey: owner.key, anonymous: owner.anonymous, userId: request.userId, labId: request.labId });
          if (waiter) await queue.leave(waiter.ticket);
          return { status: 'ready', sandbox: { id: placed.id, token: placed.token, accountId: placed.accountId } };
        } catch (error) {
          // Another web process took the last place at the same moment: this learner waits in line.
          if (!(error instanceof LabError && error.code === 'limit_reached' && request.wait !== false)) throw error;
        }
      }
      if (request.wait === false) throw new LabError('limit_reached', fullMessage(owner.anonymous, r), 503);
      const place: QueueRow = waiter ?? (await queue.join(owner.key, owner.anonymous));
      const current = await queue.line();
      const position = current.findIndex((w) => w.ticket === place.ticket) + 1;
      return { status: 'queued', ticket: place.ticket, position: position || current.length + 1, total: Math.max(current.length, position), retryAfterMs };
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;
