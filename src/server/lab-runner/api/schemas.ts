import { z } from 'zod';

/** Bodies of the lab runner API (`/runner/v1`), checked where they enter the runner. */
export const sandboxIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a sandbox id');

export const createBodySchema = z.strictObject({
  id: sandboxIdSchema,
  token: z.string().min(16).max(200),
  accountId: z.string().regex(/^[a-f0-9]{32}$/, '32 hex digits'),
  labId: z.string().min(1).max(100).nullable(),
  restore: z.boolean(),
});

const filesSchema = z.record(z.string().max(300), z.string());
export const runBodySchema = z.strictObject({
  labId: z.string().min(1).max(100),
  files: filesSchema,
  request: z.strictObject({
    method: z.string().regex(/^[A-Z]+$/).optional(),
    url: z.string().max(8_000),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
  }),
});
export const checkBodySchema = z.strictObject({ labId: z.string().min(1).max(100), files: filesSchema });
/** A raw run request: its fields are checked again by the engine's own schema. */
export const sendBodySchema = z.looseObject({ url: z.string() });

/** The error line or body the runner sends; the client turns it back into the same error. */
export const wireErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  status: z.number().int(),
  runner: z.enum(['missing', 'unavailable']).optional(),
  stopped: z.boolean().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

export const capacitySchema = z.object({ live: z.number(), free: z.number(), warm: z.number(), max: z.number(), memoryBytes: z.number() });

export const prepareBodySchema = z.strictObject({ labId: z.string().min(1).max(100), learners: z.number().int().min(1).max(10_000), at: z.number().int() });
export const cancelPreparedBodySchema = z.strictObject({ labId: z.string().min(1).max(100), at: z.number().int() });

export const RUNNER_API_PREFIX = '/runner/v1';
