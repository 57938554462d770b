/**
 * How many runtimes the warm pool keeps started. Pure functions of what the engine has seen (sandbox
 * creations), what instructors announced and what the machine can hold, so they are unit-tested alone.
 */

/** An exponentially weighted rate of events (sandbox creations), decaying with a half-life. */
export function createArrivalRate(halfLifeMs: number) {
  const tau = halfLifeMs / Math.LN2;
  let value = 0;
  let at = 0;
  const decayed = (now: number) => value * Math.exp(-Math.max(0, now - at) / tau);
  return {
    /** One sandbox was created at `now` (ms). */
    record(now: number) {
      value = decayed(now) + 1;
      at = now;
    },
    /** The smoothed rate at `now`, in events per minute. */
    perMinute(now: number): number {
      return (decayed(now) / tau) * 60_000;
    },
  };
}

/** A class an instructor announced: `learners` arriving around `at` (ms since the epoch), for one lab. */
export interface ClassPlan {
  labId: string;
  learners: number;
  at: number;
  /** Sandboxes created since the pool began to fill for it (counts learners who have already arrived). */
  arrived: number;
}

export interface SizingPolicy {
  /** LAB_WARM_POOL: never fewer than this. */
  floor: number;
  /** LAB_WARM_POOL_MAX: the most the arrival rate alone may ask for. */
  max: number;
  /** Runtimes to have ready per arrival per minute: about how long a refill of the pool takes (minutes). */
  horizonMinutes: number;
}

/** Time before an announced class when the pool starts filling: ≈0.5 s of CPU per runtime, with a 2× margin, plus a minute. */
export const leadTimeMs = (learners: number) => Math.min(15 * 60_000, 60_000 + learners * 1_000);
/** After its start time a class keeps its runtimes this long at most (late learners), then the pool shrinks back. */
export const ARRIVAL_WINDOW_MS = 10 * 60_000;

/** Whether the pool is filling for or holding runtimes for `plan` at `now`. */
export const planActive = (plan: ClassPlan, now: number) => now >= plan.at - leadTimeMs(plan.learners) && now <= plan.at + ARRIVAL_WINDOW_MS;

/** Runtimes still wanted for announced classes: each class's learners who have not arrived yet. */
export function announcedDemand(plans: Iterable<ClassPlan>, now: number): number {
  let demand = 0;
  for (const p of plans) if (planActive(p, now)) demand += Math.max(0, p.learners - p.arrived);
  return demand;
}

/**
 * The pool's target size: the arrival rate times the refill horizon, between the floor and the maximum,
 * plus announced learners still to come; never more than the free places (`room`).
 */
export function warmTarget(policy: SizingPolicy, input: { ratePerMinute: number; announced: number; room: number }): number {
  const adaptive = Math.min(policy.max, Math.max(policy.floor, Math.ceil(input.ratePerMinute * policy.horizonMinutes)));
  return Math.max(0, Math.min(input.room, Math.max(adaptive, input.announced)));
}
