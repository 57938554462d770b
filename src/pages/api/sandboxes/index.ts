import type { APIRoute } from 'astro';
import { clientAddress } from '../../../server/http/client-address';
import { handle } from '../../../server/lab-api/http';
import { addressCreationRateLimit, labServices, ownerCreationRateLimit } from '../../../server/lab-api/instance';
import { labOwnerOf } from '../../../server/lab-api/lab-owner';
import { createSandboxRoute } from '../../../server/lab-api/sandbox-routes';

export const prerender = false;

export const POST: APIRoute = (context) =>
  handle(async () =>
    createSandboxRoute(await labServices(), context.request, {
      owner: labOwnerOf(context),
      userId: context.locals.user?.id ?? null,
      clientAddress: clientAddress(context.request, context.clientAddress),
      perOwner: ownerCreationRateLimit,
      perAddress: addressCreationRateLimit,
    }),
  );
