import { z } from 'zod';
import { terminalTargetSchema, type TerminalTarget } from '../../../schemas/terminal';

/** The sandbox API's envelope, as the browser reads it; `result` is checked by the caller's schema. */
const envelope = z.object({ success: z.boolean(), result: z.unknown(), errors: z.array(z.object({ message: z.string() })).default([]) });

export class SandboxApiError extends Error {}

/** Calls the sandbox's Cloudflare API from the page (same origin; CORS allows it). */
export async function sandboxApi<T extends z.ZodType>(target: { apiBase: string; token: string }, path: string, result: T): Promise<z.infer<T>> {
  const res = await fetch(`${target.apiBase}${path}`, { headers: { authorization: `Bearer ${target.token}` }, cache: 'no-store' });
  const parsed = envelope.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new SandboxApiError(`The sandbox API answered ${res.status} with something unexpected.`);
  if (!parsed.data.success) throw new SandboxApiError(parsed.data.errors[0]?.message ?? `The sandbox API answered ${res.status}.`);
  const value = result.safeParse(parsed.data.result);
  if (!value.success) throw new SandboxApiError(`The sandbox API answered ${res.status} with something unexpected.`);
  return value.data;
}

/** A lab sandbox's credentials → everything wrangler needs (the account id comes from GET /accounts). */
export async function targetOf(credentials: { sandboxId: string; token: string }): Promise<TerminalTarget> {
  const apiBase = `${location.origin}/api/sandboxes/${encodeURIComponent(credentials.sandboxId)}/client/v4`;
  const accounts = await sandboxApi({ apiBase, token: credentials.token }, '/accounts', z.array(z.object({ id: z.string() })).min(1));
  return terminalTargetSchema.parse({ apiBase, accountId: accounts[0]!.id, token: credentials.token });
}
