import { normalizeAddress, trustPolicy, type TrustPolicy } from './trust-proxy';

/** What these functions read of a request: a fetch Request, or Node's request adapted (scripts/serve.mjs). */
export interface RequestLike {
  url: string;
  headers: { get(name: string): string | null };
}

/**
 * The client's address, scheme and host behind a reverse proxy. `peer` is the socket's remote address (Astro's
 * `clientAddress`); X-Forwarded-* are believed only from a peer that TRUST_PROXY names (trust-proxy.ts).
 */

/** Whether this peer's X-Forwarded-* headers are believed. */
export function peerTrusted(peer: string, policy: TrustPolicy = trustPolicy()): boolean {
  if (policy.kind === 'none') return false;
  if (policy.kind === 'hops') return true;
  return policy.trusts(peer);
}

const listOf = (value: string | null) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * The client's address. With a proxy list: from the right of X-Forwarded-For, past every entry that is one of our
 * proxies, the first that is not (entries to its left were written by the client and are ignored). With a hop
 * count N: the N-th entry from the right. Otherwise, or from an untrusted peer: the socket's address.
 */
export function clientAddress(request: RequestLike, peer: string): string {
  const policy = trustPolicy();
  if (!peerTrusted(peer, policy)) return peer;
  const chain = listOf(request.headers.get('x-forwarded-for'));
  if (chain.length === 0) return peer;
  if (policy.kind === 'hops') return chain[chain.length - policy.hops] ?? chain[0]!;
  for (let i = chain.length - 1; i >= 0; i--) {
    const address = normalizeAddress(chain[i]!);
    if (address === null || !peerTrusted(address, policy)) return address ?? chain[i]!;
  }
  return normalizeAddress(chain[0]!) ?? peer; // every hop is ours: the first one is the client
}

/** The scheme the client used: the URL's own, or X-Forwarded-Proto from a trusted proxy. */
export function forwardedProto(request: RequestLike, peer: string): 'http' | 'https' {
  if (new URL(request.url).protocol === 'https:') return 'https';
  if (!peerTrusted(peer)) return 'http';
  return listOf(request.headers.get('x-forwarded-proto'))[0]?.toLowerCase() === 'https' ? 'https' : 'http';
}

/** Whether the client reached us over https (see forwardedProto). */
export const isHttps = (request: RequestLike, peer: string): boolean => forwardedProto(request, peer) === 'https';

/** The host the client asked for: X-Forwarded-Host from a trusted proxy, else the Host header (or the URL's). */
export function forwardedHost(request: RequestLike, peer: string): string {
  const forwarded = peerTrusted(peer) ? listOf(request.headers.get('x-forwarded-host'))[0] : undefined;
  return (forwarded ?? request.headers.get('host') ?? new URL(request.url).host).toLowerCase();
}
