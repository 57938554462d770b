import { accountWorkerRoutes } from './account-workers';
import type { ApiAccount } from './context';
import { apiError, errorToResponse } from './envelope';
import { identityRoutes } from './identity';
import { namespaceRoutes } from './namespaces';
import { createRouter } from './router';
import { storageRoutes } from './storage';
import { secretRoutes } from './secrets';
import { serviceRoutes } from './services';
import { userWorkerRoutes } from './user-workers';
import { versionRoutes } from './versions';
import { tailRoutes } from './tails';
import { referenceRoutes } from './references';

export type { ApiAccount } from './context';
export { errorToResponse, failure, apiError } from './envelope';

const route = createRouter([...identityRoutes, ...namespaceRoutes, ...userWorkerRoutes, ...accountWorkerRoutes, ...serviceRoutes, ...versionRoutes, ...secretRoutes, ...tailRoutes, ...referenceRoutes, ...storageRoutes]);

/**
 * Serves one Cloudflare API v4 request for a sandbox account. `path` is what follows `/client/v4`
 * (still percent-encoded). The caller has authenticated the token; this checks the account id.
 */
export async function handleCloudflareApi(account: ApiAccount, request: Request, path: string): Promise<Response> {
  try {
    const match = route(request.method, path);
    const accountId = match.params.account_id;
    if (accountId !== undefined && accountId !== account.accountId)
      throw apiError(403, 10000, `Authentication error: this token belongs to account ${account.accountId}, not ${accountId}.`);
    return await match.handler({ method: request.method, params: match.params, query: new URL(request.url).searchParams, request, account });
  } catch (error) {
    return errorToResponse(error);
  }
}
