import { z } from 'zod';
import { LTI, PATHS, TOOL_SCOPES } from './claims';
import { invalid, refused } from './errors';
import { platformFetch, platformJson, platformUrl } from './platform-url';
import { manualRegistrationSchema, platformConfigurationSchema, registerQuerySchema, registrationResponseSchema } from './registration-schemas';
import type { LtiRepository } from './store';
import type { PlatformChange, ProposedChange } from './store/platform-changes';
import type { NewPlatform, Platform, PlatformStatus } from './store/platforms';

export type RegistrationMode = 'open' | 'approve' | 'off';

export function registrationMode(value: string | undefined): RegistrationMode {
  return value === 'open' || value === 'off' ? value : 'approve';
}

const TOOL_NAME = 'Workers for Platforms, hands-on';

/** The client registration we POST (Dynamic Registration 1.0, section 3.5.2). */
export function toolRegistration(toolOrigin: string) {
  const host = new URL(toolOrigin).host;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: toolOrigin + PATHS.login,
    redirect_uris: [toolOrigin + PATHS.launch],
    client_name: TOOL_NAME,
    jwks_uri: toolOrigin + PATHS.jwks,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: TOOL_SCOPES.join(' '),
    [LTI.toolConfiguration]: {
      domain: host,
      description: 'Lessons, quizzes and hands-on labs on Cloudflare Workers for Platforms.',
      target_link_uri: toolOrigin + '/',
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: toolOrigin + PATHS.launch, label: 'Add a lesson, quiz or lab' }],
    },
  };
}

/**
 * Section 3.5.1 read as a security check: the configuration URL must live under the issuer, same origin, and the
 * issuer's path a prefix of the URL's path at a `/` boundary. Returns what does not match, or undefined.
 */
export function issuerMismatch(issuer: string, configUrl: URL): string | undefined {
  let iss: URL;
  try {
    iss = new URL(issuer);
  } catch {
    return `the issuer ${issuer} is not a URL`;
  }
  if (iss.origin !== configUrl.origin) return `the issuer's origin ${iss.origin} is not the configuration URL's origin ${configUrl.origin}`;
  const prefix = iss.pathname.replace(/\/+$/, '');
  if (prefix && configUrl.pathname !== prefix && !configUrl.pathname.startsWith(prefix + '/')) return `the configuration URL's path ${configUrl.pathname} is not under the issuer's path ${prefix}`;
  return undefined;
}

/** The outcome a registration page shows. */
export type RegistrationOutcome =
  | { kind: 'registered'; platform: Platform }
  | { kind: 'unchanged'; platform: Platform }
  | { kind: 'change-pending'; platform: Platform; change: PlatformChange };

const sameEndpoints = (p: Platform, c: ProposedChange) =>
  p.authorizationEndpoint === c.authorizationEndpoint && p.tokenEndpoint === c.tokenEndpoint && p.jwksUri === c.jwksUri && p.origin === c.origin && c.deployments.every((d) => p.deployments.includes(d));

/** Dynamic and manual registration; who may register follows LTI_REGISTRATION. */
export function createRegistration(deps: { repo: LtiRepository; mode: () => RegistrationMode }) {
  const { repo } = deps;
  const initialStatus = (): PlatformStatus => (deps.mode() === 'open' ? 'approved' : 'pending');

  /**
   * A new issuer + client id is stored; an existing one is never changed here. A refused one stays refused; any
   * difference from what is stored becomes a pending change for a site administrator (keys rotate via the JWKS URL).
   */
  async function register(p: NewPlatform): Promise<RegistrationOutcome> {
    const created = await repo.platforms.insert(p);
    if (created) return { kind: 'registered', platform: created };
    const existing = (await repo.platforms.findByIssuer(p.issuer, p.clientId))[0]!;
    if (existing.status === 'refused') throw refused(`This platform (${p.issuer}, client ${p.clientId}) was refused by the course's site administrator; registering again does not change that.`);
    const proposed: ProposedChange = {
      platformId: existing.id,
      name: p.name,
      authorizationEndpoint: p.authorizationEndpoint,
      tokenEndpoint: p.tokenEndpoint,
      jwksUri: p.jwksUri,
      origin: p.origin,
      deployments: p.deployments,
    };
    if (sameEndpoints(existing, proposed)) return { kind: 'unchanged', platform: existing };
    return { kind: 'change-pending', platform: existing, change: await repo.changes.propose(proposed) };
  }

  return {
    async dynamic(query: unknown, toolOrigin: string): Promise<RegistrationOutcome> {
      if (deps.mode() === 'off') throw refused('This course does not accept LTI registrations (LTI_REGISTRATION=off). Ask its site administrator to register your platform by hand.');
      const q = registerQuerySchema.safeParse(query);
      if (!q.success) throw invalid('Open this page from your platform’s tool registration: openid_configuration is missing.');
      const configUrl = platformUrl(q.data.openid_configuration, 'openid_configuration');
      const config = platformConfigurationSchema.safeParse(await platformJson(await platformFetch(configUrl.href, { headers: { accept: 'application/json' } }, 'OpenID configuration'), 'OpenID configuration'));
      if (!config.success) throw invalid(`The platform's OpenID configuration is incomplete: ${z.prettifyError(config.error)}`);
      const c = config.data;
      const mismatch = issuerMismatch(c.issuer, configUrl);
      if (mismatch) throw invalid(`The configuration's issuer ${c.issuer} does not match where it was fetched from (${configUrl.href}): ${mismatch}.`);
      for (const [what, url] of [['issuer', c.issuer], ['authorization_endpoint', c.authorization_endpoint], ['token_endpoint', c.token_endpoint], ['jwks_uri', c.jwks_uri], ['registration_endpoint', c.registration_endpoint]] as const) platformUrl(url, what);
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (q.data.registration_token) headers.authorization = `Bearer ${q.data.registration_token}`;
      const res = await platformFetch(c.registration_endpoint, { method: 'POST', headers, body: JSON.stringify(toolRegistration(toolOrigin)) }, 'registration endpoint');
      const reg = registrationResponseSchema.safeParse(await platformJson(res, 'registration endpoint'));
      if (!reg.success) throw invalid(`The platform's registration answer is not usable: ${z.prettifyError(reg.error)}`);
      const deployment = reg.data[LTI.toolConfiguration]?.deployment_id;
      const family = c[LTI.platformConfiguration]?.product_family_code;
      return register({
        issuer: c.issuer,
        clientId: reg.data.client_id,
        name: family ? `${family} (${new URL(c.issuer).host})` : new URL(c.issuer).host,
        status: initialStatus(),
        authorizationEndpoint: c.authorization_endpoint,
        tokenEndpoint: c.token_endpoint,
        jwksUri: c.jwks_uri,
        origin: new URL(c.authorization_endpoint).origin,
        source: 'dynamic',
        deployments: deployment ? [deployment] : [],
      });
    },

    /** A site administrator enters what the LMS shows: approved at once, and a change to an existing one applied (recorded). */
    async manual(input: unknown, by: number | null): Promise<Platform> {
      const m = manualRegistrationSchema.parse(input);
      for (const [what, url] of [['Issuer', m.issuer], ['Authorization endpoint', m.authorizationEndpoint], ['Token endpoint', m.tokenEndpoint], ['JWKS URL', m.jwksUri]] as const) platformUrl(url, what);
      const p: NewPlatform = {
        issuer: m.issuer,
        clientId: m.clientId,
        name: m.name,
        status: 'approved',
        authorizationEndpoint: m.authorizationEndpoint,
        tokenEndpoint: m.tokenEndpoint,
        jwksUri: m.jwksUri,
        origin: new URL(m.authorizationEndpoint).origin,
        source: 'manual',
        deployments: [m.deploymentId],
      };
      let platform = await repo.platforms.insert(p);
      if (!platform) {
        // An administrator entering it by hand is the decision: recorded as a change, approved at once.
        platform = (await repo.platforms.findByIssuer(p.issuer, p.clientId))[0]!;
        const change = await repo.changes.propose({ platformId: platform.id, name: p.name, authorizationEndpoint: p.authorizationEndpoint, tokenEndpoint: p.tokenEndpoint, jwksUri: p.jwksUri, origin: p.origin, deployments: p.deployments });
        await repo.changes.approve(change.id, by);
      }
      const outcome = { platform };
      await repo.platforms.setStatus(outcome.platform.id, 'approved');
      return (await repo.platforms.get(outcome.platform.id))!;
    },
  };
}
