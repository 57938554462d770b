import { randomBytes } from 'node:crypto';

export interface Waiter {
  ticket: string;
  ownerKey: string;
  anonymous: boolean;
  enqueuedAt: number;
  lastPoll: number;
}

export interface AdmissionQueueOptions {
  /** A ticket nobody asked about for this long loses its place. */
  lapseMs: number;
  /** A waiter who has not polled for this long no longer holds up those behind it (it keeps its place). */
  staleMs: number;
  now?: () => number;
}

/**
 * First in, first out: learners wait for a free sandbox in arrival order, each holding a ticket they poll
 * with. Signed-in learners and anonymous visitors share the line, but a visitor held back by the anonymous
 * share never blocks a signed-in learner behind them.
 */
export function createAdmissionQueue(options: AdmissionQueueOptions) {
  const clock = options.now ?? Date.now;
  const line: Waiter[] = [];

  function sweep() {
    const t = clock();
    for (let i = line.length - 1; i >= 0; i--) if (t - line[i]!.lastPoll > options.lapseMs) line.splice(i, 1);
  }

  return {
    sweep,
    /** The waiter holding `ticket` for this owner (a ticket is useless to anyone else), marked as polled. */
    find(ticket: string | undefined, ownerKey: string): Waiter | null {
      sweep();
      const waiter = ticket ? line.find((w) => w.ticket === ticket && w.ownerKey === ownerKey) : undefined;
      if (!waiter) return null;
      waiter.lastPoll = clock();
      return waiter;
    },
    has(ticket: string, ownerKey: string): boolean {
      sweep();
      return line.some((w) => w.ticket === ticket && w.ownerKey === ownerKey);
    },
    join(ownerKey: string, anonymous: boolean): Waiter {
      sweep();
      // One place per owner: a second tab joins the line at the owner's existing place.
      const existing = line.find((w) => w.ownerKey === ownerKey);
      if (existing) {
        existing.lastPoll = clock();
        return existing;
      }
      const t = clock();
      const waiter: Waiter = { ticket: randomBytes(18).toString('base64url'), ownerKey, anonymous, enqueuedAt: t, lastPoll: t };
      line.push(waiter);
      return waiter;
    },
    /** Whether someone ahead of `waiter` (or anyone, for a newcomer) could take a free place before it. */
    blockedBy(waiter: Waiter | null, canAdmit: (w: Waiter) => boolean): boolean {
      const t = clock();
      for (const w of line) {
        if (w === waiter) return false;
        if (t - w.lastPoll <= options.staleMs && canAdmit(w)) return true;
      }
      return false;
    },
    leave(waiter: Waiter) {
      const i = line.indexOf(waiter);
      if (i >= 0) line.splice(i, 1);
    },
    position: (waiter: Waiter) => line.indexOf(waiter) + 1,
    get length() {
      return line.length;
    },
  };
}

export type AdmissionQueue = ReturnType<typeof createAdmissionQueue>;
