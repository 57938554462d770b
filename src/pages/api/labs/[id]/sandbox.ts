import type { APIRoute } from 'astro';
import { clientAddress } from '../../../../server/http/client-address';
import { handle } from '../../../../server/lab-api/http';
import { addressCreationRateLimit, labEngine, ownerCreationRateLimit } from '../../../../server/lab-api/instance';
import { labOwnerOf } from '../../../../server/lab-api/lab-owner';
import { createLabSandboxRoute } from '../../../../server/lab-api/lab-routes';
import { rememberSandboxOwner } from '../../../../server/labs/sandbox-owners';

export const prerender = false;

/** `201 { sandboxId, token }`, or `202 { status: 'queued', ticket, position, total, retryAfterMs }`: poll with `{ ticket }`. */
export const POST: APIRoute = (context) =>
  handle(async () => {
    const owner = labOwnerOf(context);
    const response = await createLabSandboxRoute(labEngine(), context.params.id, context.request, {
      owner,
      clientAddress: clientAddress(context.request, context.clientAddress),
      perOwner: ownerCreationRateLimit,
      perAddress: addressCreationRateLimit,
    });
    // The sandbox belongs to whoever created it (account or anonymous browser): only their checks in it record a pass.
    if (response.status === 201) {
      const { sandboxId } = (await response.clone().json()) as { sandboxId: string };
      rememberSandboxOwner(sandboxId, owner.key);
    }
    return response;
  });
