import { describe, expect, it } from 'vitest';
import { createDemand } from '../../../src/server/lab-engine/pool/demand';
import { announcedDemand, createArrivalRate, leadTimeMs, warmTarget } from '../../../src/server/lab-engine/pool/sizing';

const policy = { floor: 3, max: 64, horizonMinutes: 0.5 };

describe('arrival rate (exponentially weighted)', () => {
  it('is zero before any arrival and follows a steady rate', () => {
    const rate = createArrivalRate(120_000);
    expect(rate.perMinute(0)).toBe(0);
    // One creation every 2 s for 20 minutes: 30 per minute.
    for (let t = 0; t <= 20 * 60_000; t += 2_000) rate.record(t);
    expect(rate.perMinute(20 * 60_000)).toBeGreaterThan(28);
    expect(rate.perMinute(20 * 60_000)).toBeLessThan(32);
  });

  it('halves with every half-life of quiet', () => {
    const rate = createArrivalRate(120_000);
    for (let i = 0; i < 50; i++) rate.record(i * 200);
    const after = rate.perMinute(10_000);
    expect(rate.perMinute(10_000 + 120_000)).toBeCloseTo(after / 2, 5);
    expect(rate.perMinute(10_000 + 240_000)).toBeCloseTo(after / 4, 5);
  });
});

describe('warm target', () => {
  it('never goes below the floor (LAB_WARM_POOL) when nobody arrives', () => {
    expect(warmTarget(policy, { ratePerMinute: 0, announced: 0, room: 100 })).toBe(3);
  });

  it('grows with the arrival rate, up to the maximum', () => {
    expect(warmTarget(policy, { ratePerMinute: 20, announced: 0, room: 100 })).toBe(10);
    expect(warmTarget(policy, { ratePerMinute: 1_000, announced: 0, room: 500 })).toBe(64);
  });

  it('covers an announced class beyond the maximum, but never more than the free places', () => {
    expect(warmTarget(policy, { ratePerMinute: 0, announced: 80, room: 200 })).toBe(80);
    expect(warmTarget(policy, { ratePerMinute: 0, announced: 80, room: 50 })).toBe(50);
    expect(warmTarget({ ...policy, floor: 10 }, { ratePerMinute: 0, announced: 0, room: 4 })).toBe(4);
  });
});

describe('announced classes', () => {
  it('count from the lead time before the start until the class has arrived', () => {
    const at = 1_000_000_000;
    const plan = { labId: 'x', learners: 50, at, arrived: 0 };
    expect(announcedDemand([plan], at - leadTimeMs(50) - 1)).toBe(0);
    expect(announcedDemand([plan], at - leadTimeMs(50))).toBe(50);
    expect(announcedDemand([{ ...plan, arrived: 30 }], at)).toBe(20);
    expect(announcedDemand([{ ...plan, arrived: 60 }], at)).toBe(0);
    expect(announcedDemand([plan], at + 11 * 60_000)).toBe(0);
  });

  it('raise the target before the class, shrink it as learners arrive, and return to the floor after', () => {
    let now = 0;
    const demand = createDemand({ ...policy, now: () => now });
    const at = 10 * 60_000;
    demand.prepare({ labId: 'first-dispatch', learners: 40, at });
    expect(demand.target(181)).toBe(3); // too early: nothing warmed yet
    now = at - leadTimeMs(40) + 1_000;
    expect(demand.activeLabs()).toEqual(['first-dispatch']);
    expect(demand.target(181)).toBe(40);
    now = at;
    for (let i = 0; i < 40; i++) demand.arrival();
    // All arrived: only what the arrival rate asks for stays (40 in a moment ≈ 11 per minute after smoothing).
    const afterClass = demand.target(181);
    expect(afterClass).toBeLessThan(40);
    expect(afterClass).toBeGreaterThanOrEqual(3);
    now = at + 30 * 60_000;
    expect(demand.target(181)).toBe(3);
    expect(demand.plans).toEqual([]);
  });

  it('are keyed by lab and time: repeating updates, cancelling forgets', () => {
    let now = 0;
    const demand = createDemand({ ...policy, now: () => now });
    const at = new Date(5 * 60_000).toISOString();
    demand.prepare({ labId: 'a', learners: 10, at });
    demand.prepare({ labId: 'a', learners: 20, at });
    expect(demand.plans).toHaveLength(1);
    now = 5 * 60_000 - 30_000;
    expect(demand.target(100)).toBe(20);
    expect(demand.cancel('a', at)).toBe(true);
    expect(demand.target(100)).toBe(3);
  });

  it('make refills urgent only when the class is near and the pool is short', () => {
    let now = 0;
    const demand = createDemand({ ...policy, now: () => now });
    demand.prepare({ labId: 'a', learners: 50, at: 100_000 });
    expect(demand.urgent(0, 181)).toBe(false); // 50 missing × 0.5 s × 3 = 75 s of margin, 100 s left
    now = 30_000;
    expect(demand.urgent(0, 181)).toBe(true); // 70 s left
    now = 90_000;
    expect(demand.urgent(49, 181)).toBe(false); // one missing: 1.5 s of margin, 10 s left
    expect(demand.urgent(10, 181)).toBe(true);
    expect(demand.urgent(50, 181)).toBe(false);
  });

  it('refuse a malformed plan with a clear message', () => {
    const demand = createDemand(policy);
    expect(() => demand.prepare({ labId: '', learners: 5, at: Date.now() })).toThrow(/labId/);
    expect(() => demand.prepare({ labId: 'a', learners: 0, at: Date.now() })).toThrow(/learners/);
  });
});
