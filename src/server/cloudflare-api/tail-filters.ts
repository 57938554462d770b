import { z } from 'zod';
import type { TailEventMessage } from './tail-event';

/**
 * The filters `wrangler tail` sends when it creates a tail (`--status`, `--method`, `--header`,
 * `--search`, `--sampling-rate`, `--version-id`), applied to each event before it is sent.
 */
const filterSchema = z.union([
  z.object({ outcome: z.array(z.string()) }),
  z.object({ method: z.array(z.string()) }),
  z.object({ header: z.object({ key: z.string(), query: z.string().optional() }) }),
  z.object({ query: z.string() }),
  z.object({ sampling_rate: z.number().min(0).max(1) }),
  z.object({ scriptVersion: z.string() }),
  z.object({ client_ip: z.array(z.string()) }),
]);
export type TailFilter = z.infer<typeof filterSchema>;

export const tailRequestSchema = z
  .object({ filters: z.array(filterSchema).max(32).default([]), debug: z.boolean().optional() })
  .loose()
  .default({ filters: [] });

/** Client IP filters other than "self" cannot match: every lab request comes from the lab itself. */
export const unsupportedFilter = (filters: TailFilter[]) => filters.find((f) => 'client_ip' in f && !f.client_ip.every((ip) => ip === 'self'));

export function matches(filters: TailFilter[], event: TailEventMessage): boolean {
  return filters.every((f) => {
    if ('outcome' in f) return f.outcome.includes(event.outcome);
    if ('method' in f) return f.method.map((m) => m.toUpperCase()).includes(event.event.request.method.toUpperCase());
    if ('header' in f) {
      const value = event.event.request.headers[f.header.key.toLowerCase()];
      return value !== undefined && (f.header.query === undefined || value === f.header.query);
    }
    if ('query' in f) return JSON.stringify(event).includes(f.query);
    if ('sampling_rate' in f) return Math.random() < f.sampling_rate;
    if ('scriptVersion' in f) return event.scriptVersion?.id === f.scriptVersion;
    return true; // client_ip "self": every lab request comes from the learner's own session
  });
}
