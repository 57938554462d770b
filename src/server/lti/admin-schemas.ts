import { z } from 'zod';

const id = z.coerce.number().int().positive();
const redirect = z.string().max(500).optional();

/** Instructor actions on the LTI page (src/pages/api/lti/*). */
export const platformActionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), platform: id, redirect }),
  z.object({ action: z.literal('refuse'), platform: id, redirect }),
  z.object({ action: z.literal('rotate-key'), redirect }),
  z.object({ action: z.literal('approve-change'), change: id, redirect }),
  z.object({ action: z.literal('refuse-change'), change: id, redirect }),
  /** Retire `platform` in favour of the newer registration `by` (same issuer): its launches are refused. */
  z.object({ action: z.literal('replace'), platform: id, by: id, redirect }),
  z.object({
    action: z.literal('manual'),
    redirect,
    name: z.string(),
    issuer: z.string(),
    clientId: z.string(),
    deploymentId: z.string(),
    authorizationEndpoint: z.string(),
    tokenEndpoint: z.string(),
    jwksUri: z.string(),
  }),
]);

export const postAgainInput = z.object({ post: id, redirect });
export const rosterSyncInput = z.object({ context: id, redirect });
