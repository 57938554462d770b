import { describe, expect, it } from 'vitest';
import { calculateBill } from '../../src/lib/pricing/calculate';
import { describeLine } from '../../src/lib/pricing/describe';

describe('describeLine', () => {
  it('explains each overage line of the worked example', () => {
    const bill = calculateBill({ monthlyRequests: 100_000_000, avgCpuMsPerRequest: 10, scripts: 1_200 });
    expect(bill.lines.map((l) => describeLine(l))).toEqual([
      'Monthly subscription',
      '80 M requests over the 20 M included × $0.30 per million',
      '940 M CPU ms over the 60 M included × $0.02 per million',
      '200 scripts over the 1,000 included × $0.02 each',
    ]);
  });

  it('says when usage is within the included amounts', () => {
    const bill = calculateBill({ monthlyRequests: 1_000, avgCpuMsPerRequest: 1, scripts: 3 });
    expect(bill.lines.slice(1).map((l) => describeLine(l))).toEqual([
      'Within the 20 M requests included',
      'Within the 60 M CPU ms included',
      'Within the 1,000 scripts included',
    ]);
  });

  it('shows partial millions', () => {
    const bill = calculateBill({ monthlyRequests: 20_500_000, avgCpuMsPerRequest: 0, scripts: 0 });
    expect(describeLine(bill.lines[1]!)).toBe('0.5 M requests over the 20 M included × $0.30 per million');
  });
});
