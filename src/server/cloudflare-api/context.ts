import type { AccountState } from '../lab-engine/account-state';
import type { RunEvent } from '../lab-engine/sandbox';
import type { WorkerUpload } from '../lab-engine/schemas';
import type { D1Handle, KvHandle } from '../lab-engine/storage-handles';

/**
 * What a handler may do to the sandbox account. The HTTP route and the in-sandbox hook give different
 * implementations: a Worker calling the API during a run cannot wait for the sandbox's queue.
 */
export interface ApiAccount {
  accountId: string;
  /** Reads the current state (synchronous, no queue). */
  read<T>(fn: (s: AccountState) => T): T;
  change<T>(fn: (s: AccountState) => T): Promise<T>;
  /** Loads an upload in the sandbox runtime first: modules that cannot start are refused (10021). */
  validateUpload(upload: WorkerUpload, target: { name: string; namespace: string | null }): Promise<void>;
  kv(namespaceId: string): Promise<KvHandle>;
  d1(databaseId: string): Promise<D1Handle>;
  /** The sandbox token, for one-time URLs the API hands out (D1 import uploads); absent inside a running Worker. */
  token?: string;
  /** Live runs of the account's Workers (for `wrangler tail`); absent inside a running Worker. */
  runs?: { subscribe(listener: (event: RunEvent) => void): () => void };
}

export interface ApiRequest {
  method: string;
  /** Path segments after /client/v4, still percent-encoded (KV keys may contain "/"). */
  params: Record<string, string>;
  query: URLSearchParams;
  request: Request;
  account: ApiAccount;
}

export type ApiHandler = (req: ApiRequest) => Promise<Response>;

/** The platform records where an upload came from (`last_deployed_from`); wrangler names itself in User-Agent. */
export const uploadSource = (request: Request): 'wrangler' | 'api' => (/^wrangler\//i.test(request.headers.get('user-agent') ?? '') ? 'wrangler' : 'api');

/** Set by the web tier on API calls it forwards to a runner: the public `…/api/sandboxes/{id}/client/v4` base. */
export const API_BASE_HEADER = 'x-wfp-lab-api-base';

/** Where clients reach this sandbox's API (for URLs the API hands out: live tails, D1 import uploads). */
export function publicApiBase(request: Request): string {
  const given = request.headers.get(API_BASE_HEADER);
  if (given) return given.replace(/\/$/, '');
  const url = new URL(request.url);
  const at = url.pathname.indexOf('/client/v4');
  return `${url.origin}${at >= 0 ? url.pathname.slice(0, at + '/client/v4'.length) : '/client/v4'}`;
}
