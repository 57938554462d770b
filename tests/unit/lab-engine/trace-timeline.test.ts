import { expect, test } from 'vitest';
import { buildTrace } from '../../../src/server/lab-engine/run-result';
import type { DecodedLine, TelemetryRecord } from '../../../src/server/lab-engine/telemetry';
import { groupLabel, traceRows } from '../../../src/components/lab/trace-view';

const hop = (w: string, role: 'dispatcher' | 'user', inv: string, startMs: number, wallMs: number, parent: string | null = null): TelemetryRecord => ({
  t: 'hop', w, role, inv, parent, namespace: null, status: 200, error: null, violation: null, wallMs, startMs, cpuMs: 1, subrequests: 0, limits: null, url: 'https://x/',
});
const origin = (inv: string, startMs: number, ms: number): TelemetryRecord => ({ t: 'origin', w: 'lab', from: 'hungry', kind: 'stub', url: 'https://inventory.example/item', method: 'GET', status: 200, inv, startMs, ms });
const line = (record: TelemetryRecord, at = 0): DecodedLine => ({ kind: 'telemetry', at, record });

test('every hop gets a start offset on one time axis (ms after the first hop started), origins their duration', () => {
  const trace = buildTrace([
    line(origin('u1', 1002, 3)),
    line(origin('u1', 1005, 9)),
    line(hop('hungry', 'user', 'u1', 1001, 15, 'd1')),
    line(hop('gateway', 'dispatcher', 'd1', 1000, 17)),
  ]);
  expect(trace.hops.map((h) => [h.kind, h.worker, h.startMs, h.durationMs])).toEqual([
    ['dispatcher', 'gateway', 0, 17],
    ['user', 'hungry', 1, 15],
    ['origin', 'inventory.example', 2, 3],
    ['origin', 'inventory.example', 5, 9],
  ]);
});

test('records from before start offsets existed still give a trace, offsets from the record times', () => {
  const old = { ...hop('gateway', 'dispatcher', 'd1', 0, 4) } as Record<string, unknown>;
  delete old.startMs;
  const trace = buildTrace([line(old as TelemetryRecord, 104)]);
  expect(trace.hops[0]).toMatchObject({ worker: 'gateway', startMs: 0, durationMs: 4 });
});

test('identical subrequests in a row are one row: "10 × inventory.example 200, 3–9 ms"', () => {
  const base = { kind: 'origin' as const, worker: 'inventory.example', url: 'https://inventory.example/', status: 200, cpuMs: null, subrequests: 0, error: null, origin: 'stub' as const };
  const hops = [
    { ...base, kind: 'dispatcher' as const, worker: 'gateway', startMs: 0, durationMs: 20, cpuMs: 1 },
    ...Array.from({ length: 10 }, (_, i) => ({ ...base, startMs: 1 + i, durationMs: 3 + (i % 7) })),
    { ...base, status: 404, startMs: 12, durationMs: 2 },
  ];
  const rows = traceRows(hops);
  expect(rows).toHaveLength(3);
  expect(groupLabel(rows[1]!)).toBe('10 × inventory.example 200, 3–9 ms');
  expect(rows[1]).toMatchObject({ count: 10, startMs: 1, endMs: 16 });
  expect(rows[2]!.count).toBe(1);
});
