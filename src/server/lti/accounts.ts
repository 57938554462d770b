import { createHash } from 'node:crypto';
import type { Store } from '../store/create-store';
import type { User } from '../store/users';
import type { LaunchClaims } from './launch-claims';
import type { Platform } from './store/platforms';

/** An unusable password hash: LMS accounts sign in through their platform only. */
const NO_PASSWORD = '!lti';

/**
 * The course account of an LMS user, linked by issuer + subject. A new account never takes over a local one with the
 * same email (the LMS's email is not proof of owning ours), so it gets a placeholder email when the address is taken.
 */
export async function linkAccount(store: Store, platform: Platform, claims: LaunchClaims): Promise<User> {
  const linked = await store.lti.links.findAccount(platform.id, claims.sub);
  if (linked) return (await store.users.get(linked))!;
  const name = claims.name || [claims.given_name, claims.family_name].filter(Boolean).join(' ') || 'LMS user';
  const tag = createHash('sha256').update(`${platform.id}:${claims.sub}`).digest('hex').slice(0, 16);
  const email = claims.email && claims.email.length <= 254 && /^[^@\s]+@[^@\s]+$/.test(claims.email) && !(await store.users.findByEmail(claims.email)) ? claims.email : `lti-${tag}@lti.invalid`;
  // Site-wide an LMS account is a learner: an LMS Instructor teaches the class of its context only (src/server/classes).
  const user = await store.users.create({ email, name, role: 'learner', passwordHash: NO_PASSWORD });
  await store.lti.links.linkAccount(platform.id, claims.sub, user.id);
  return user;
}
