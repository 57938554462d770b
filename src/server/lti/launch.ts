import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { hashToken } from '../auth/sessions';
import { tokensMatch } from '../auth/csrf';
import { LTI } from './claims';
import { rejected } from './errors';
import { usablePlatform } from './login';
import { launchClaimsSchema, type LaunchClaims } from './launch-claims';
import type { LtiRepository } from './store';
import type { Platform } from './store/platforms';

export const launchFormSchema = z.object({
  id_token: z.string().min(1).max(20_000).optional(),
  state: z.string().min(1).max(200).optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  /** Sent back by our own page after reading platform storage, when no cookie came with the launch. */
  lti_binding: z.string().max(200).optional(),
});

const NONCE_KEEP_MS = 24 * 60 * 60 * 1000;

export type VerifiedLaunch = { kind: 'verified'; platform: Platform; claims: LaunchClaims; stateHash: string; nonce: string };
/** No cookie came back, but the login put the binding in platform storage: the browser must read it and post again. */
export type NeedsStorage = { kind: 'needs-storage'; storageTarget: string; storageKey: string; origin: string };

const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** The platform's JWKS, cached; jose fetches it again when a token names a kid it has not seen. */
function platformKeys(uri: string) {
  let set = jwksCache.get(uri);
  if (!set) {
    set = createRemoteJWKSet(new URL(uri), { cooldownDuration: 1_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 10_000 });
    jwksCache.set(uri, set);
  }
  return set;
}

export const bindingCookieName = (stateHash: string) => `lti_b_${stateHash.slice(0, 16).replace(/[^\w]/g, '_')}`;

function reason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the launch token has expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the launch token’s signature does not match the platform’s keys';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the launch token is signed with a key the platform does not publish';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the launch token’s "${error.claim}" claim is not right (${error.message})`;
  if (error instanceof joseErrors.JOSEError) return `the launch token is not valid (${error.message})`;
  return 'the launch token could not be checked';
}

/**
 * Verifies a launch post without writing anything: state (bound to this browser), signature against the platform's
 * JWKS, iss/aud/azp/exp/iat, nonce, and the LTI claims. The caller consumes state and nonce when it stores the launch.
 */
export async function verifyLaunch(repo: LtiRepository, form: unknown, cookies: (name: string) => string | undefined, toolOrigin: string): Promise<VerifiedLaunch | NeedsStorage> {
  const f = launchFormSchema.safeParse(form);
  if (!f.success) throw rejected('This is not an LTI launch.');
  if (f.data.error) throw rejected(`The platform reported an error: ${f.data.error_description || f.data.error}.`);
  if (!f.data.id_token || !f.data.state) throw rejected('The launch is missing its id_token or state.');
  const stateHash = hashToken(f.data.state);
  const login = await repo.launches.findState(stateHash);
  if (!login) throw rejected('This launch has expired or was already used. Open the link in your course again.');
  const binding = cookies(bindingCookieName(stateHash)) ?? f.data.lti_binding;
  if (!binding) {
    if (login.storageTarget) return { kind: 'needs-storage', storageTarget: login.storageTarget, storageKey: bindingCookieName(stateHash), origin: (await repo.platforms.get(login.platformId))?.origin ?? '*' };
    throw rejected('Your browser did not send back the login cookie (third-party cookies may be blocked) and the platform offers no LTI storage. Open the link in a new window.');
  }
  if (!tokensMatch(login.bindingHash, hashToken(binding))) throw rejected('This launch was started in another browser.');
  const platform = await repo.platforms.get(login.platformId);
  if (!platform) throw rejected('This platform is no longer registered with this course.');
  await usablePlatform(repo, platform);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(f.data.id_token, platformKeys(platform.jwksUri), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256'],
      requiredClaims: ['exp', 'iat', 'nonce'],
      maxTokenAge: '10 minutes',
      clockTolerance: 30,
    }));
  } catch (error) {
    throw rejected(`Launch refused: ${reason(error)}.`);
  }
  // OIDC core 3.1.3.7: several audiences require azp, and azp when present must be us.
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 && !payload.azp) || (payload.azp !== undefined && payload.azp !== platform.clientId)) throw rejected('Launch refused: the token’s authorized party (azp) is not this tool.');
  if (!tokensMatch(login.nonce, String(payload.nonce))) throw rejected('Launch refused: the nonce does not match this login.');
  if (await repo.launches.nonceUsed(platform.id, String(payload.nonce))) throw rejected('Launch refused: this launch token was already used.');

  const parsed = launchClaimsSchema.safeParse(payload);
  if (!parsed.success) throw rejected(`Launch refused: ${parsed.error.issues.map((i) => i.message).join('; ')}.`);
  const claims = parsed.data;
  if (!platform.deployments.includes(claims[LTI.deploymentId])) throw rejected(`Launch refused: deployment ${claims[LTI.deploymentId]} is not registered for this platform.`);
  if (new URL(claims[LTI.targetLinkUri]).origin !== toolOrigin) throw rejected('Launch refused: target_link_uri points away from this course.');
  return { kind: 'verified', platform, claims, stateHash, nonce: login.nonce };
}

/** Marks state and nonce used; false means another request used them first (a replay). */
export function consumeLaunch(repo: LtiRepository, v: VerifiedLaunch): Promise<boolean> {
  return repo.launches.consume(v.stateHash, v.platform.id, v.nonce, new Date(Date.now() + NONCE_KEEP_MS).toISOString());
}
