import type { APIRoute } from 'astro';
import { clientAddress } from '../../../../server/http/client-address';
import { handle } from '../../../../server/lab-api/http';
import { addressCreationRateLimit, labServices, ownerCreationRateLimit } from '../../../../server/lab-api/instance';
import { labOwnerOf } from '../../../../server/lab-api/lab-owner';
import { createLabSandboxRoute } from '../../../../server/lab-api/lab-routes';

export const prerender = false;

/** `201 { sandboxId, token }`, or `202 { status: 'queued', ticket, position, total, retryAfterMs }`: poll with `{ ticket }`. */
export const POST: APIRoute = (context) =>
  handle(async () =>
    // The sandbox belongs to whoever created it (recorded with it): only their checks in it record their lab pass.
    createLabSandboxRoute(await labServices(), context.params.id, context.request, {
      owner: labOwnerOf(context),
      userId: context.locals.user?.id ?? null,
      clientAddress: clientAddress(context.request, context.clientAddress),
      perOwner: ownerCreationRateLimit,
      perAddress: addressCreationRateLimit,
    }),
  );
