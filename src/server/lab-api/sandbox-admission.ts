import { z } from 'zod';
import { LabError, type LabEngine, type LabOwner, type Sandbox } from '../lab-engine';
import { parseOrThrow } from '../lab-engine/validate';
import { noStore, readJson } from './http';
import type { createRateLimiter } from './rate-limit';

type RateLimiter = ReturnType<typeof createRateLimiter>;

const admissionBodySchema = z.object({ ticket: z.string().min(1).max(100).optional(), queue: z.boolean().optional() }).loose();

export interface AdmissionRequest {
  owner: LabOwner;
  clientAddress: string;
  /** Per-owner creation budget (429 when spent) and the coarse per-address flood guard. */
  perOwner: RateLimiter;
  perAddress: RateLimiter;
  /** 'when-asked': a full server answers 503 with a message unless the body says `"queue": true` (the raw API). */
  wait: 'always' | 'when-asked';
}

function spend(limiter: RateLimiter, key: string, message: (wait: number) => string) {
  const wait = limiter.take(key);
  if (wait > 0) throw new LabError('limit_reached', message(wait));
}

/**
 * Admits a learner: a new sandbox (then `ready` runs with it), or `202 { status: 'queued', ticket,
 * position, total, retryAfterMs }` to poll with. Polls with a live ticket cost nothing from the budgets.
 */
export async function admitSandbox(engine: LabEngine, request: Request, input: AdmissionRequest, ready: (sandbox: Sandbox) => Promise<Response>): Promise<Response> {
  const body = parseOrThrow(admissionBodySchema, await readJson(request, 4 * 1024), 'sandbox request');
  if (!body.ticket || !engine.isWaiting(body.ticket, input.owner.key)) {
    spend(input.perOwner, input.owner.key, (s) => `You started many lab sandboxes in a short time: wait ${s} s and try again (resetting a lab starts a new one).`);
    spend(input.perAddress, input.clientAddress, (s) => `Too many new lab sandboxes from this network address: wait ${s} s and try again.`);
  }
  const wait = input.wait === 'always' || body.queue === true || body.ticket !== undefined;
  const admission = await engine.admit(input.owner, { ticket: body.ticket, wait });
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
