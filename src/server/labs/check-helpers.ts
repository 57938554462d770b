import type { CheckContext, CheckRun } from '../../schemas/lab';

/** Small assertions for lab checks: each failure says what was expected and what happened. */

const preview = (text: string) => (text.length > 120 ? `${text.slice(0, 120)}…` : text);

function happened(run: CheckRun): string {
  if (run.error) return `the run was stopped: ${run.error.message}`;
  return `got status ${run.status} with body "${preview(run.body)}"`;
}

export function expectStatus(ctx: CheckContext, run: CheckRun, expected: number | number[], what: string) {
  const ok = Array.isArray(expected) ? expected.includes(run.status ?? -1) : run.status === expected;
  if (!ok) ctx.fail(`${what}: expected status ${Array.isArray(expected) ? expected.join(' or ') : expected}, but ${happened(run)}.`);
}

export function expectBodyIncludes(ctx: CheckContext, run: CheckRun, text: string, what: string) {
  if (run.error || !run.body.includes(text)) ctx.fail(`${what}: expected the body to contain "${text}", but ${happened(run)}.`);
}

export function expectBodyExcludes(ctx: CheckContext, run: CheckRun, text: string, what: string) {
  if (run.body.includes(text)) ctx.fail(`${what}: the body must not contain "${text}", but it did: "${preview(run.body)}".`);
}

export function expectReached(ctx: CheckContext, run: CheckRun, worker: string, what: string) {
  if (!run.trace.hops.some((h) => h.kind === 'user' && h.worker === worker))
    ctx.fail(`${what}: expected the request to reach the user Worker "${worker}", but the trace shows ${describeHops(run)}.`);
}

/** The platform must answer by itself: a hostile or suspended tenant's code must not run for this request. */
export function expectNotReached(ctx: CheckContext, run: CheckRun, worker: string, what: string) {
  if (run.trace.hops.some((h) => h.kind === 'user' && h.worker === worker))
    ctx.fail(`${what}: the trace shows the user Worker "${worker}" ran (${describeHops(run)}); answer before you dispatch.`);
}

export function describeHops(run: CheckRun): string {
  return run.trace.hops.length === 0 ? 'no hops' : run.trace.hops.map((h) => `${h.worker} (${h.status ?? h.error ?? 'no status'})`).join(' → ');
}

export const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET', url, headers });
