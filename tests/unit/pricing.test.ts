import { describe, expect, it } from 'vitest';
import { calculateBill, formatCents, PricingInputError, usdToCents } from '../../src/lib/pricing/calculate';
import { priceTable } from '../../src/lib/pricing/price-table';

const line = (bill: ReturnType<typeof calculateBill>, id: string) => bill.lines.find((l) => l.id === id)!;

describe('price table', () => {
  it('holds the prices from the pricing page, with its source and verification date', () => {
    expect(priceTable.baseMonthlyUsd).toBe(25);
    expect(priceTable.requests).toEqual({ includedPerMonth: 20_000_000, usdPerMillion: 0.3 });
    expect(priceTable.cpu).toEqual({ includedMsPerMonth: 60_000_000, usdPerMillionMs: 0.02 });
    expect(priceTable.scripts).toEqual({ included: 1_000, usdEach: 0.02 });
    expect(priceTable.source.url).toMatch(/^https:\/\/developers\.cloudflare\.com\/.*\/reference\/pricing\/$/);
    expect(priceTable.source.verified).toMatch(/^\d{4}-\d{2}$/);
  });
});

describe('calculateBill', () => {
  it('reproduces the pricing page worked example: 100M requests, 10 ms, 1,200 scripts = $71.80', () => {
    const bill = calculateBill({ monthlyRequests: 100_000_000, avgCpuMsPerRequest: 10, scripts: 1_200 });
    expect(line(bill, 'base').cents).toBe(2_500);
    expect(line(bill, 'requests').cents).toBe(2_400);
    expect(line(bill, 'cpu').cents).toBe(1_880);
    expect(line(bill, 'scripts').cents).toBe(400);
    expect(bill.totalCents).toBe(7_180);
    expect(formatCents(bill.totalCents)).toBe('$71.80');
    expect(bill.totalCpuMs).toBe(1_000_000_000);
  });

  it('charges only the base plan for usage at or under every included amount', () => {
    const bill = calculateBill({ monthlyRequests: 20_000_000, avgCpuMsPerRequest: 3, scripts: 1_000 });
    expect(bill.lines.filter((l) => l.id !== 'base').every((l) => l.cents === 0 && l.overageUnits === 0)).toBe(true);
    expect(bill.totalCents).toBe(2_500);
  });

  it('charges the base plan even with no usage at all', () => {
    expect(calculateBill({ monthlyRequests: 0, avgCpuMsPerRequest: 0, scripts: 0 }).totalCents).toBe(2_500);
  });

  it('charges requests above 20M at $0.30 per million, proportionally', () => {
    const oneMillion = calculateBill({ monthlyRequests: 21_000_000, avgCpuMsPerRequest: 0, scripts: 0 });
    expect(line(oneMillion, 'requests')).toMatchObject({ overageUnits: 1_000_000, cents: 30 });
    const half = calculateBill({ monthlyRequests: 20_500_000, avgCpuMsPerRequest: 0, scripts: 0 });
    expect(line(half, 'requests').cents).toBe(15);
  });

  it('charges CPU time above 60M ms at $0.02 per million ms, from requests × average CPU', () => {
    // 30M requests × 3 ms = 90M ms: 30M ms over, $0.60. Requests: 10M over, $3.00.
    const bill = calculateBill({ monthlyRequests: 30_000_000, avgCpuMsPerRequest: 3, scripts: 0 });
    expect(line(bill, 'cpu')).toMatchObject({ overageUnits: 30_000_000, cents: 60 });
    expect(line(bill, 'requests').cents).toBe(300);
    expect(bill.totalCents).toBe(2_500 + 300 + 60);
  });

  it('accepts a fractional average CPU time', () => {
    // 20M × 3.5 ms = 70M ms: 10M ms over = $0.20.
    const bill = calculateBill({ monthlyRequests: 20_000_000, avgCpuMsPerRequest: 3.5, scripts: 0 });
    expect(line(bill, 'cpu').cents).toBe(20);
  });

  it('charges each script above 1,000 at $0.02', () => {
    expect(line(calculateBill({ monthlyRequests: 0, avgCpuMsPerRequest: 0, scripts: 1_001 }), 'scripts').cents).toBe(2);
    expect(line(calculateBill({ monthlyRequests: 0, avgCpuMsPerRequest: 0, scripts: 1_000 }), 'scripts').cents).toBe(0);
  });

  it('rounds each line to whole cents, half up, and totals the rounded lines', () => {
    // 50,000 extra requests = $0.015 → 2 cents (half rounds up).
    const halfCent = calculateBill({ monthlyRequests: 20_050_000, avgCpuMsPerRequest: 0, scripts: 0 });
    expect(line(halfCent, 'requests').cents).toBe(2);
    // 10,000 extra requests = $0.003 → 0 cents.
    const tiny = calculateBill({ monthlyRequests: 20_010_000, avgCpuMsPerRequest: 0, scripts: 0 });
    expect(line(tiny, 'requests').cents).toBe(0);
    const bill = calculateBill({ monthlyRequests: 23_333_333, avgCpuMsPerRequest: 2.7, scripts: 1_234 });
    expect(bill.totalCents).toBe(bill.lines.reduce((s, l) => s + l.cents, 0));
    expect(Number.isInteger(bill.totalCents)).toBe(true);
  });

  it('rejects negative, fractional and non-numeric inputs with the field at fault', () => {
    const bad: [Partial<Record<string, unknown>>, string][] = [
      [{ monthlyRequests: -1 }, 'monthlyRequests'],
      [{ monthlyRequests: 1.5 }, 'monthlyRequests'],
      [{ avgCpuMsPerRequest: Number.NaN }, 'avgCpuMsPerRequest'],
      [{ avgCpuMsPerRequest: -0.1 }, 'avgCpuMsPerRequest'],
      [{ scripts: Number.POSITIVE_INFINITY }, 'scripts'],
      [{ scripts: '12' }, 'scripts'],
    ];
    for (const [override, field] of bad) {
      const input = { monthlyRequests: 1, avgCpuMsPerRequest: 1, scripts: 1, ...override } as never;
      expect(() => calculateBill(input)).toThrow(PricingInputError);
      try {
        calculateBill(input);
      } catch (e) {
        expect((e as PricingInputError).field).toBe(field);
      }
    }
  });
});

describe('money helpers', () => {
  it('converts dollars to cents without floating-point noise', () => {
    expect(usdToCents(0.3)).toBe(30);
    expect(usdToCents(18.8)).toBe(1_880);
    expect(usdToCents(0.015)).toBe(2);
    expect(usdToCents(4.000000000000001)).toBe(400);
  });

  it('formats cents as dollars with thousands separators', () => {
    expect(formatCents(7_180)).toBe('$71.80');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(123_456_789)).toBe('$1,234,567.89');
  });
});
