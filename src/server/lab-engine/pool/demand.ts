import { z } from 'zod';
import { parseOrThrow } from '../validate';
import { announcedDemand, createArrivalRate, leadTimeMs, planActive, warmTarget, ARRIVAL_WINDOW_MS, type ClassPlan, type SizingPolicy } from './sizing';

/** What `engine.prepareFor` accepts: a class of `learners` opening lab `labId` at `at`. */
export const classPlanSchema = z.object({
  labId: z.string().min(1).max(100),
  learners: z.number().int().min(1).max(10_000),
  /** The start time: a Date, or milliseconds since the epoch, or an ISO-8601 string. */
  at: z.union([z.date(), z.number().int().positive(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v).getTime()),
});
export type ClassPlanInput = z.input<typeof classPlanSchema>;

export interface DemandOptions extends SizingPolicy {
  /** Half-life of the arrival-rate average (default 2 minutes). */
  halfLifeMs?: number;
  now?: () => number;
}

/** Seconds of CPU a cold start costs here (bench:engine), used to judge when a fill must not wait for a lull. */
const START_SECONDS = 0.5;

/**
 * What the warm pool should hold: the arrival rate it has seen (an exponentially weighted average of
 * sandbox creations) and the classes instructors announced. Plans are keyed by lab and start time, so a
 * scheduler may repeat `prepare` for the same class every minute (each runner, each web process).
 */
export function createDemand(options: DemandOptions) {
  const now = options.now ?? Date.now;
  const rate = createArrivalRate(options.halfLifeMs ?? 2 * 60_000);
  const plans = new Map<string, ClassPlan>();
  const keyOf = (labId: string, at: number) => `${labId}@${at}`;

  function prune(t: number) {
    for (const [key, p] of plans) if (t > p.at + ARRIVAL_WINDOW_MS) plans.delete(key);
  }

  return {
    /** A sandbox was created: it feeds the rate and counts as an arrival for every class being prepared. */
    arrival() {
      const t = now();
      rate.record(t);
      for (const p of plans.values()) if (planActive(p, t)) p.arrived++;
    },
    /** Registers (or updates) a class; returns when the pool starts filling for it. */
    prepare(input: ClassPlanInput) {
      const plan = parseOrThrow(classPlanSchema, input, 'class plan');
      const key = keyOf(plan.labId, plan.at);
      const existing = plans.get(key);
      if (existing) existing.learners = plan.learners;
      else plans.set(key, { ...plan, arrived: 0 });
      prune(now());
      return { labId: plan.labId, learners: plan.learners, at: new Date(plan.at).toISOString(), fillFrom: new Date(plan.at - leadTimeMs(plan.learners)).toISOString() };
    },
    /** Forgets a class (a cancelled announcement). */
    cancel(labId: string, at: number | string | Date): boolean {
      return plans.delete(keyOf(labId, new Date(at).getTime()));
    },
    /** Labs of classes whose fill has begun (the engine provisions each once, e.g. validates its uploads). */
    activeLabs(): string[] {
      const t = now();
      return [...new Set([...plans.values()].filter((p) => planActive(p, t)).map((p) => p.labId))];
    },
    /** The pool's target size given `room` free places. */
    target(room: number): number {
      const t = now();
      prune(t);
      return warmTarget(options, { ratePerMinute: rate.perMinute(t), announced: announcedDemand(plans.values(), t), room });
    },
    /**
     * Whether the pool must fill even while learners are busy: an announced class is due before the
     * missing runtimes could be started one at a time with room to spare.
     */
    urgent(ready: number, room: number): boolean {
      const t = now();
      const missing = Math.min(room, announcedDemand(plans.values(), t)) - ready;
      if (missing <= 0) return false;
      const soonest = Math.min(...[...plans.values()].filter((p) => planActive(p, t)).map((p) => p.at));
      return soonest - t < missing * START_SECONDS * 1000 * 3;
    },
    get ratePerMinute() {
      return rate.perMinute(now());
    },
    get plans(): ClassPlan[] {
      return [...plans.values()].map((p) => ({ ...p }));
    },
  };
}

export type Demand = ReturnType<typeof createDemand>;
