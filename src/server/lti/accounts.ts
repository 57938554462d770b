import { createHash } from 'node:crypto';
import type { Store } from '../store/create-store';
import type { User } from '../store/users';
import { courseRole, LTI } from './claims';
import type { LaunchClaims } from './launch-claims';
import type { Platform } from './store/platforms';

/** An unusable password hash: LMS accounts sign in through their platform only. */
const NO_PASSWORD = '!lti';

/**
 * The course account of an LMS user, linked by issuer + subject. A new account never takes over a local one with the
 * same email (the LMS's email is not proof of owning ours), so it gets a placeholder email when the address is taken.
 */
export async function linkAccount(store: Store, platform: Platform, claims: LaunchClaims): Promise<User> {
  const role = courseRole(claims[LTI.roles]);
  const linked = await store.lti.links.findAccount(platform.id, claims.sub);
  if (linked) {
    const user = (await store.users.get(linked))!;
    return role === 'instructor' && user.role !== 'instructor' ? store.users.setRole(user.id, 'instructor') : user;
  }
  const name = claims.name || [claims.given_name, claims.family_name].filter(Boolean).join(' ') || 'LMS user';
  const tag = createHash('sha256').update(`${platform.id}:${claims.sub}`).digest('hex').slice(0, 16);
  const email = claims.email && claims.email.length <= 254 && /^[^@\s]+@[^@\s]+$/.test(claims.email) && !(await store.users.findByEmail(claims.email)) ? claims.email : `lti-${tag}@lti.invalid`;
  const user = await store.users.create({ email, name, role, passwordHash: NO_PASSWORD });
  await store.lti.links.linkAccount(platform.id, claims.sub, user.id);
  return user;
}
