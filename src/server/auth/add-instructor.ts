import { z } from 'zod';
import { signUpInput } from '../../schemas/api';
import { fromZod } from '../http/errors';
import type { Store } from '../store/create-store';
import type { User } from '../store/users';
import { hashPassword } from './password';

const input = signUpInput.omit({ invite: true }).extend({ password: signUpInput.shape.password.optional() });

/**
 * Creates an instructor account, or promotes an existing account (its password is left alone).
 * Shared by `npm run instructor:add` and the tests, so both exercise the same code.
 */
export async function addInstructor(
  store: Store,
  raw: { email: string; name?: string; password?: string; admin?: boolean },
): Promise<{ user: User; created: boolean }> {
  const parsed = input.safeParse({ email: raw.email, password: raw.password, name: raw.name || raw.email.split('@')[0] });
  if (!parsed.success) throw fromZod(parsed.error as z.ZodError);
  const { email, name, password } = parsed.data;
  const existing = await store.users.findByEmail(email);
  if (!existing && !password) throw fromZod(new z.ZodError([{ code: 'custom', path: ['password'], message: 'a new account needs a password', input: undefined }]));
  const user = existing ? await store.users.setRole(existing.id, 'instructor') : await store.users.create({ email, name, role: 'instructor', passwordHash: await hashPassword(password!) });
  // Teaches the site's default class (where direct sign-ups land), as instructors did before classes; --admin adds the
  // site administrator role (LTI platforms, site settings, who may create classes).
  const fallback = await store.classes.defaultClass();
  if (fallback) await store.classes.addMember(fallback.id, user.id, 'instructor');
  if (fallback) await store.classes.setMemberRole(fallback.id, user.id, 'instructor');
  if (raw.admin) await store.classes.setAdmin(user.id, true);
  return { user, created: !existing };
}
