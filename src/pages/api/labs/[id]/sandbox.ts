import type { APIRoute } from 'astro';
import { clientAddress } from '../../../../server/http/client-address';
import { handle } from '../../../../server/lab-api/http';
import { creationRateLimit, labEngine } from '../../../../server/lab-api/instance';
import { createLabSandboxRoute } from '../../../../server/lab-api/lab-routes';
import { rememberSandboxOwner } from '../../../../server/labs/sandbox-owners';

export const prerender = false;

export const POST: APIRoute = ({ params, request, clientAddress: socketAddress, locals }) =>
  handle(async () => {
    const response = await createLabSandboxRoute(labEngine(), params.id, clientAddress(request, socketAddress), creationRateLimit);
    // The sandbox belongs to whoever created it: only their checks in it can record their lab pass.
    if (locals.user && response.status === 201) {
      const { sandboxId } = (await response.clone().json()) as { sandboxId: string };
      rememberSandboxOwner(sandboxId, locals.user.id);
    }
    return response;
  });
