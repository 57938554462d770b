/**
 * The dispatcher's error answers, as the course teaches them: one source for the decision table shown in every
 * lesson (src/components/DispatcherStatusTable.astro) and for the tests that pin it. Which status a platform sends
 * is its own choice; the "how you know" column is what Workers for Platforms documents (fact sheet §2, §6, §12).
 */
export interface DispatcherStatus {
  status: 404 | 429 | 500 | 502 | 503 | 504;
  situation: string;
  detect: string;
  lab?: string;
}

export const dispatcherStatuses: readonly DispatcherStatus[] = [
  {
    status: 404,
    situation: 'No such customer: the routing found no script, the name is not a valid script name, or there is no script with that name.',
    detect: 'Your lookup returns nothing, or fetch() / an RPC call on the stub throws an error whose message starts with "Worker not found". get() itself never fails.',
    lab: 'broken-customer',
  },
  {
    status: 429,
    situation: 'The customer is over its budget: a custom limit tripped (a convention from Cloudflare\'s example: send no Retry-After, the same request would overrun again), or your per-customer rate limit said no (send Retry-After: a later retry can succeed).',
    detect: 'A CPU overrun surfaces at await userWorker.fetch(); Cloudflare\'s example matches "CPU time limit" in the message. A subrequest overrun is expected (not documented) to throw inside the user Worker, so it reaches you only if the customer\'s code does not catch it. A rate limit is your own Rate Limiting binding saying success: false, before dispatch.',
    lab: 'custom-limits',
  },
  {
    status: 500,
    situation: 'Your own platform code failed (a bug in the dispatcher, not in the customer\'s Worker).',
    detect: 'An exception outside the try/catch around the call to the user Worker. Log it as a platform incident.',
  },
  {
    status: 502,
    situation: 'The customer\'s Worker exists but failed: it threw, went over the 128 MB isolate memory limit, or its response could not be used.',
    detect: 'Any other error from await userWorker.fetch(). Answer with a generic message; never repeat the customer\'s exception text.',
    lab: 'broken-customer',
  },
  {
    status: 503,
    situation: 'The customer is deliberately unavailable for now: suspended, being migrated, or a platform dependency such as the routing table is down.',
    detect: 'Your own state (for example a "suspended" flag next to the route), read before dispatch so the customer\'s code never runs. Send Retry-After when you know when it ends.',
    lab: 'suspend-and-strip',
  },
  {
    status: 504,
    situation: 'The customer\'s Worker did not answer within your deadline.',
    detect: 'Custom limits cap CPU time and subrequests only, never wall-clock time or memory (the 128 MB isolate limit ends an invocation as a failure, not a timeout), so the dispatcher races the call against its own timer and recognises it by identity, never by message.',
    lab: 'broken-customer',
  },
];
