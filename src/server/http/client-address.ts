/**
 * Who is asking, and over which scheme, as seen through an optional reverse proxy. Headers a client can forge
 * (`X-Forwarded-For`, `X-Forwarded-Proto`) are read only when `TRUST_PROXY` says a proxy sets them:
 * `1`/`true` trusts one hop, a number trusts that many hops. Dependency-free (scripts may import it).
 */
export function trustedHops(value: string | undefined = process.env.TRUST_PROXY): number {
  if (!value) return 0;
  const v = value.trim().toLowerCase();
  if (v === 'true') return 1;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The left-most address not added by a trusted proxy; the socket's address without TRUST_PROXY. */
export function clientAddress(request: Request, socketAddress: string): string {
  const hops = trustedHops();
  if (hops === 0) return socketAddress;
  const chain = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return socketAddress;
  // Each trusted proxy appended the address it saw; the entry `hops` from the right is the client's.
  return chain[Math.max(0, chain.length - hops)] ?? socketAddress;
}

/** Whether the browser reached us over https (directly, or at a trusted proxy). */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  if (trustedHops() === 0) return false;
  const proto = (request.headers.get('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase();
  return proto === 'https';
}
