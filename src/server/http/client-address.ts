/**
 * The client's address and scheme behind a reverse proxy. `TRUST_PROXY` unset (the default) means nothing
 * in X-Forwarded-* is believed: any client can send those headers. `1`/`true` trusts one proxy hop, a
 * number N trusts N hops (the right-most N-1 entries of X-Forwarded-For were added by our own proxies).
 */
export function trustedHops(value = process.env.TRUST_PROXY): number {
  if (!value) return 0;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes') return 1;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 32) : 0;
}

/**
 * The left-most untrusted address: with N trusted hops, the last proxy appended the address it saw, so
 * the client is the N-th entry from the right. Without TRUST_PROXY, the socket's address.
 */
export function clientAddress(request: Request, socketAddress: string): string {
  const hops = trustedHops();
  if (hops === 0) return socketAddress;
  const chain = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - hops] ?? chain[0] ?? socketAddress;
}

/** Whether the client reached us over https: the URL itself, or X-Forwarded-Proto under TRUST_PROXY. */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  if (trustedHops() === 0) return false;
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return proto === 'https';
}
