import { BlockList, isIP } from 'node:net';

/**
 * `TRUST_PROXY`: which peers may tell us the client's address, scheme and host (X-Forwarded-For/-Proto/-Host).
 * - unset, `0`, `false`: nobody; the socket is the truth.
 * - addresses and CIDR ranges, comma-separated (`127.0.0.1,10.0.0.0/8,fd00::/8`, or `loopback`): only a peer in the
 *   list is believed, and X-Forwarded-For is read right to left, skipping our own proxies, to the first address that
 *   is not one of them.
 * - `1`/`true`, or a hop count N (the old forms): every peer is believed and the client is the N-th entry from the
 *   right. Only safe when the port is unreachable except from the proxy.
 */
export type TrustPolicy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'list'; entries: string[]; trusts(address: string): boolean };

/** A setting with a value the server cannot run with; the message names the setting and shows a good value. */
export class SettingError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(message);
    this.name = 'SettingError';
    this.setting = setting;
  }
}

const EXAMPLE = 'e.g. TRUST_PROXY=127.0.0.1,10.0.0.0/8 (your reverse proxy\'s addresses), or TRUST_PROXY=1 for one hop when the port is unreachable except from the proxy';

/** An address as proxies write it: without brackets or a port. Null when it is not an IP address. */
export function normalizeAddress(value: string): string | null {
  let v = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
  return isIP(v) ? v : null;
}

export function parseTrustProxy(raw: string | undefined): TrustPolicy {
  const value = (raw ?? '').trim();
  const lower = value.toLowerCase();
  if (lower === '' || lower === '0' || lower === 'false' || lower === 'no' || lower === 'off') return { kind: 'none' };
  if (lower === 'true' || lower === 'yes' || lower === 'on') return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(lower)) {
    const hops = Number(lower);
    if (hops > 32) throw new SettingError('TRUST_PROXY', `TRUST_PROXY=${value}: a hop count above 32 is not a real proxy chain; ${EXAMPLE}.`);
    return { kind: 'hops', hops };
  }
  const list = new BlockList();
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    if (entry.toLowerCase() === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address, prefix, extra] = entry.split('/');
    const family = address !== undefined ? isIP(address) : 0;
    const bits = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (family === 0 || extra !== undefined || Number.isNaN(bits) || (bits !== null && bits > (family === 4 ? 32 : 128))) {
      throw new SettingError('TRUST_PROXY', `TRUST_PROXY: "${entry}" is not an IP address or CIDR range; ${EXAMPLE}.`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === null) list.addAddress(address!, type);
    else list.addSubnet(address!, bits, type);
  }
  if (entries.length === 0) throw new SettingError('TRUST_PROXY', `TRUST_PROXY="${value}" names no proxy; ${EXAMPLE}.`);
  return {
    kind: 'list',
    entries,
    trusts(address: string) {
      const a = normalizeAddress(address);
      return a !== null && list.check(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

let cached: { raw: string | undefined; policy: TrustPolicy } | null = null;

/** The process's policy, from TRUST_PROXY (parsed once per value; a bad value throws, naming the setting). */
export function trustPolicy(raw: string | undefined = process.env.TRUST_PROXY): TrustPolicy {
  if (cached === null || cached.raw !== raw) cached = { raw, policy: parseTrustProxy(raw) };
  return cached.policy;
}
