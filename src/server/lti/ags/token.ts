import { z } from 'zod';
import { invalid } from '../errors';
import type { ToolKeys } from '../keys';
import { platformFetch, platformJson } from '../platform-url';
import type { Platform } from '../store/platforms';

const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().optional(), scope: z.string().optional() });

/**
 * OAuth 2 client_credentials with a signed JWT assertion (RFC 7523, as 1EdTech Security Framework 4.1 requires),
 * cached per platform and scope set until shortly before it expires.
 */
export function createTokenSource(keys: ToolKeys) {
  const cache = new Map<string, { token: string; until: number }>();
  return {
    async get(platform: Platform, scopes: string[]): Promise<string> {
      const key = `${platform.id} ${scopes.join(' ')}`;
      const hit = cache.get(key);
      if (hit && hit.until > Date.now()) return hit.token;
      const assertion = await keys.sign({ iss: platform.clientId, sub: platform.clientId, aud: platform.tokenEndpoint }, 300);
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: scopes.join(' '),
      });
      const res = await platformFetch(platform.tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body }, 'token endpoint');
      const parsed = tokenResponse.safeParse(await platformJson(res, 'token endpoint'));
      if (!parsed.success) throw invalid('The platform’s token endpoint answered without an access_token.');
      const ttl = Math.max(0, (parsed.data.expires_in ?? 3600) - 60) * 1000;
      cache.set(key, { token: parsed.data.access_token, until: Date.now() + ttl });
      return parsed.data.access_token;
    },
    forget(platform: Platform): void {
      for (const k of cache.keys()) if (k.startsWith(`${platform.id} `)) cache.delete(k);
    },
  };
}

export type TokenSource = ReturnType<typeof createTokenSource>;
