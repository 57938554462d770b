import type { APIRoute } from 'astro';
import { clientAddress } from '../../../../server/http/client-address';
import { handle } from '../../../../server/lab-api/http';
import { addressCreationRateLimit, labEngine, ownerCreationRateLimit } from '../../../../server/lab-api/instance';
import { labOwnerOf } from '../../../../server/lab-api/lab-owner';
import { createLabSandboxRoute } from '../../../../server/lab-api/lab-routes';

export const prerender = false;

/** `201 { sandboxId, token }`, or `202 { status: 'queued', ticket, position, total, retryAfterMs }`: poll with `{ ticket }`. */
export const POST: APIRoute = (context) =>
  handle(() =>
    createLabSandboxRoute(labEngine(), context.params.id, context.request, {
      owner: labOwnerOf(context),
      clientAddress: clientAddress(context.request, context.clientAddress),
      perOwner: ownerCreationRateLimit,
      perAddress: addressCreationRateLimit,
    }),
  );
