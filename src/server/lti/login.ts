import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashToken } from '../auth/sessions';
import { invalid, refused, rejected } from './errors';
import type { LtiRepository } from './store';
import type { Platform } from './store/platforms';

const STATE_TTL_MS = 10 * 60 * 1000;

/** OIDC third-party-initiated login parameters (LTI 1.3 core, section 5.1.1), from a GET query or a POST form. */
export const loginSchema = z.object({
  iss: z.string().min(1),
  login_hint: z.string().min(1),
  target_link_uri: z.string().min(1),
  lti_message_hint: z.string().optional(),
  client_id: z.string().optional(),
  lti_deployment_id: z.string().optional(),
  lti_storage_target: z.string().optional(),
});

export interface LoginStart {
  /** Where to send the browser: the platform's authorization endpoint with our request. */
  redirect: string;
  state: string;
  nonce: string;
  /** The secret that binds the state to this browser: a cookie, or platform storage when the LMS offers it. */
  binding: string;
  storageTarget: string | null;
  platform: Platform;
}

/** Accepts only platforms that are approved; pending and refused ones get a 4xx with the reason. */
export async function approvedPlatform(repo: LtiRepository, issuer: string, clientId: string | undefined): Promise<Platform> {
  const found = await repo.platforms.findByIssuer(issuer, clientId);
  if (found.length === 0) throw rejected(`The platform ${issuer} is not registered with this course.`);
  if (found.length > 1) throw invalid(`Several registrations exist for ${issuer}; the platform must send client_id.`);
  const platform = found[0]!;
  await usablePlatform(repo, platform);
  return platform;
}

/** Pending, refused and replaced registrations cannot launch; the page says which. */
export async function usablePlatform(repo: LtiRepository, platform: Platform): Promise<void> {
  if (platform.status === 'pending') throw refused('This platform’s registration is waiting for a site administrator of this course to approve it.');
  if (platform.status === 'refused') throw refused('This platform’s registration was refused by the course’s site administrator.');
  const newer = await repo.changes.replacedBy(platform.id);
  if (newer !== null) throw refused('This platform’s registration was replaced by a newer registration; launch from the tool link of the new registration.');
}

export async function startLogin(repo: LtiRepository, input: unknown, toolOrigin: string): Promise<LoginStart> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) throw invalid('This is not an LTI login request: iss, login_hint and target_link_uri are required.');
  const p = parsed.data;
  const platform = await approvedPlatform(repo, p.iss, p.client_id);
  if (p.lti_deployment_id && !platform.deployments.includes(p.lti_deployment_id)) throw rejected(`Unknown deployment ${p.lti_deployment_id} for this platform.`);
  let target: URL;
  try {
    target = new URL(p.target_link_uri);
  } catch {
    throw invalid('target_link_uri is not a URL.');
  }
  if (target.origin !== toolOrigin) throw invalid(`target_link_uri must point at this course (${toolOrigin}).`);
  const state = randomBytes(32).toString('base64url');
  const nonce = randomBytes(32).toString('base64url');
  const binding = randomBytes(32).toString('base64url');
  const storageTarget = p.lti_storage_target && /^[\w.-]{1,100}$/.test(p.lti_storage_target) ? p.lti_storage_target : null;
  await repo.launches.saveState(hashToken(state), { platformId: platform.id, nonce, bindingHash: hashToken(binding), storageTarget }, new Date(Date.now() + STATE_TTL_MS).toISOString());
  const auth = new URL(platform.authorizationEndpoint);
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: toolOrigin + '/lti/launch',
    login_hint: p.login_hint,
    state,
    nonce,
  };
  if (p.lti_message_hint) params.lti_message_hint = p.lti_message_hint;
  for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
  return { redirect: auth.href, state, nonce, binding, storageTarget, platform };
}
