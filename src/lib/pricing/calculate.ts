import { priceTable as defaultTable, type PriceTable } from './price-table';

/** What a platform expects to use in one month. */
export interface UsageInput {
  /** Inbound requests per month (whole number, >= 0). */
  monthlyRequests: number;
  /** Average CPU milliseconds per request, summed over dispatch, user and outbound Workers (>= 0). */
  avgCpuMsPerRequest: number;
  /** Number of user Worker scripts in your namespaces (whole number, >= 0). */
  scripts: number;
}

/** One line of the bill. Money is in whole US cents, so lines always add up to the total exactly. */
export interface BillLine {
  id: 'base' | 'requests' | 'cpu' | 'scripts';
  label: string;
  /** Units used above the included amount (requests, CPU ms or scripts); 0 for the base plan. */
  overageUnits: number;
  cents: number;
}

export interface Bill {
  lines: BillLine[];
  totalCents: number;
  /** Total CPU milliseconds for the month (requests × average CPU ms). */
  totalCpuMs: number;
}

export class PricingInputError extends RangeError {
  constructor(
    readonly field: keyof UsageInput,
    message: string,
  ) {
    super(message);
    this.name = 'PricingInputError';
  }
}

/**
 * Rounds an amount in US dollars to whole cents, half away from zero.
 * The `toFixed(6)` step first removes binary floating-point noise (0.3 × 100 is 30.000000000000004),
 * so that an exact half cent rounds up as a person would expect.
 */
export function usdToCents(usd: number): number {
  return Math.round(Number((usd * 100).toFixed(6)));
}

/** Formats whole cents as US dollars, e.g. 7180 → "$71.80". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

function check(input: UsageInput): void {
  const fields: [keyof UsageInput, string, boolean][] = [
    ['monthlyRequests', 'Monthly requests', true],
    ['avgCpuMsPerRequest', 'Average CPU time per request', false],
    ['scripts', 'Number of user Workers', true],
  ];
  for (const [field, label, whole] of fields) {
    const value = input[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new PricingInputError(field, `${label} must be a number.`);
    }
    if (value < 0) throw new PricingInputError(field, `${label} cannot be negative.`);
    if (whole && !Number.isInteger(value)) {
      throw new PricingInputError(field, `${label} must be a whole number.`);
    }
  }
}

/**
 * Computes one month's Workers for Platforms bill.
 *
 * Billing model (documented in the pricing lesson):
 * - the base plan is charged every month;
 * - usage above each included amount is charged **proportionally** (linearly), as in the pricing page's
 *   worked example: 80 M extra requests at $0.30 per million is $24, and half a million extra would be $0.15;
 * - each line is rounded to whole cents (half away from zero), and the total is the sum of the rounded lines.
 * Cloudflare's invoices may round differently; this is an estimate, not a quote.
 */
export function calculateBill(input: UsageInput, table: PriceTable = defaultTable): Bill {
  check(input);
  const totalCpuMs = input.monthlyRequests * input.avgCpuMsPerRequest;
  const extraRequests = Math.max(0, input.monthlyRequests - table.requests.includedPerMonth);
  const extraCpuMs = Math.max(0, totalCpuMs - table.cpu.includedMsPerMonth);
  const extraScripts = Math.max(0, input.scripts - table.scripts.included);

  const lines: BillLine[] = [
    { id: 'base', label: `${table.planName} plan`, overageUnits: 0, cents: usdToCents(table.baseMonthlyUsd) },
    {
      id: 'requests',
      label: 'Requests above the included amount',
      overageUnits: extraRequests,
      cents: usdToCents((extraRequests / 1_000_000) * table.requests.usdPerMillion),
    },
    {
      id: 'cpu',
      label: 'CPU time above the included amount',
      overageUnits: extraCpuMs,
      cents: usdToCents((extraCpuMs / 1_000_000) * table.cpu.usdPerMillionMs),
    },
    {
      id: 'scripts',
      label: 'User Workers above the included amount',
      overageUnits: extraScripts,
      cents: usdToCents(extraScripts * table.scripts.usdEach),
    },
  ];
  return { lines, totalCents: lines.reduce((sum, line) => sum + line.cents, 0), totalCpuMs };
}
