/**
 * The Workers for Platforms price table: the one place the course states prices.
 * The pricing lesson renders its table from this object and the calculator computes from it,
 * so the two can never disagree. Change a price here, and the lesson, the calculator and
 * the unit tests' expectations (which name the source example) follow.
 */
export interface PriceTable {
  /** Name of the plan as Cloudflare's pricing page writes it. */
  planName: string;
  /** Monthly subscription price of the plan, in US dollars. */
  baseMonthlyUsd: number;
  requests: {
    /** Inbound requests included per month. Subrequests are not billed as requests. */
    includedPerMonth: number;
    /** Price per additional million requests, in US dollars. */
    usdPerMillion: number;
  };
  cpu: {
    /** CPU milliseconds included per month (summed over dispatch, user and outbound Workers). */
    includedMsPerMonth: number;
    /** Price per additional million CPU milliseconds, in US dollars. */
    usdPerMillionMs: number;
  };
  scripts: {
    /** User Worker scripts included. */
    included: number;
    /** Price per script above the included number, in US dollars. */
    usdEach: number;
  };
  /** Limits stated on the same pricing page, for the lesson's table. */
  limits: {
    maxCpuPerInvocation: string;
    maxCpuPerCronOrQueueInvocation: string;
    duration: string;
  };
  source: {
    title: string;
    url: string;
    /** "Last updated" date printed on the page we checked (ISO date). */
    pageLastUpdated: string;
    /** When the course last checked the numbers against the page (year-month). */
    verified: string;
    /** Human wording of `verified`, for prose. */
    verifiedLabel: string;
  };
}

export const priceTable: PriceTable = {
  planName: 'Workers for Platforms Paid',
  baseMonthlyUsd: 25,
  requests: { includedPerMonth: 20_000_000, usdPerMillion: 0.3 },
  cpu: { includedMsPerMonth: 60_000_000, usdPerMillionMs: 0.02 },
  scripts: { included: 1_000, usdEach: 0.02 },
  limits: {
    maxCpuPerInvocation: '30 seconds',
    maxCpuPerCronOrQueueInvocation: '15 minutes',
    duration: 'No charge and no limit',
  },
  source: {
    title: 'Workers for Platforms: Pricing',
    url: 'https://developers.cloudflare.com/cloudflare-for-platforms/workers-for-platforms/reference/pricing/',
    pageLastUpdated: '2026-04-21',
    verified: '2026-09',
    verifiedLabel: 'September 2026',
  },
};
