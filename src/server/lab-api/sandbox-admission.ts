import { z } from 'zod';
import { LabError, type LabOwner } from '../lab-engine';
import { parseOrThrow } from '../lab-engine/validate';
import type { LabServices } from '../lab-runner/web-services';
import { noStore, readJson } from './http';
import type { Limiter } from './rate-limit';

type RateLimiter = Limiter;

const admissionBodySchema = z.object({ ticket: z.string().min(1).max(100).optional(), queue: z.boolean().optional() }).loose();

export interface AdmissionRequest {
  owner: LabOwner;
  /** The signed-in learner (their checks in this sandbox record their lab pass), or null. */
  userId: number | null;
  clientAddress: string;
  /** Per-owner creation budget (429 when spent) and the coarse per-address flood guard. */
  perOwner: RateLimiter;
  perAddress: RateLimiter;
  /** 'when-asked': a full server answers 503 with a message unless the body says `"queue": true` (the raw API). */
  wait: 'always' | 'when-asked';
}

export interface AdmittedSandbox {
  id: string;
  token: string;
  accountId: string;
}

async function spend(limiter: RateLimiter, key: string, message: (wait: number) => string) {
  const wait = await limiter.take(key);
  if (wait > 0) throw new LabError('limit_reached', message(wait));
}

/**
 * Admits a learner site-wide: a new sandbox on the runner with most room (then `ready` answers), or
 * `202 { status: 'queued', ticket, position, total, retryAfterMs, message }` to poll with. Polls with a
 * live ticket cost nothing from the budgets; the line lives in the store, so any web process serves a poll.
 */
export async function admitSandbox(labs: LabServices, request: Request, labId: string | null, input: AdmissionRequest, ready: (sandbox: AdmittedSandbox) => Promise<Response>): Promise<Response> {
  const body = parseOrThrow(admissionBodySchema, await readJson(request, 4 * 1024), 'sandbox request');
  if (!body.ticket || !(await labs.admission.isWaiting(body.ticket, input.owner.key))) {
    await spend(input.perOwner, input.owner.key, (s) => `You started many lab sandboxes in a short time: wait ${s} s and try again (resetting a lab starts a new one).`);
    await spend(input.perAddress, input.clientAddress, (s) => `Too many new lab sandboxes from this network address: wait ${s} s and try again.`);
  }
  const wait = input.wait === 'always' || body.queue === true || body.ticket !== undefined;
  const admission = await labs.admission.admit(input.owner, { ...(body.ticket ? { ticket: body.ticket } : {}), wait, userId: input.userId, labId });
  if (admission.status === 'ready') return ready(admission.sandbox);
  const { ticket, position, total, retryAfterMs } = admission;
  return Response.json(
    {
      status: 'queued',
      ticket,
      position,
      total,
      retryAfterMs,
      message: `The lab server is busy: you are number ${position} in line for a lab sandbox. Keep this page open; it starts by itself.`,
    },
    { status: 202, headers: { ...noStore, 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } },
  );
}
