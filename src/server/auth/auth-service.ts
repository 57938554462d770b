import { randomBytes } from 'node:crypto';
import { ConflictError, InvalidInputError, RateLimitError, UnauthenticatedError } from '../errors';
import type { Store } from '../store/create-store';
import type { Role, User } from '../store/users';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import { hashToken } from './sessions';

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface AuthLimits {
  /** Sign-in attempts per IP per window. */
  perIp: RateLimiter;
  /** Failed sign-ins per account per window. */
  perAccount: RateLimiter;
  /** Sign-ups per IP per window. */
  signUps: RateLimiter;
}

export function defaultAuthLimits(): AuthLimits {
  return {
    perIp: createRateLimiter({ limit: 30, windowMs: 10 * 60_000 }),
    perAccount: createRateLimiter({ limit: 5, windowMs: 15 * 60_000 }),
    signUps: createRateLimiter({ limit: 30, windowMs: 60 * 60_000 }),
  };
}

const tooMany = (what: string, seconds: number) =>
  new RateLimitError(`Too many ${what}. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`, seconds);

/** Accounts: sign-up, sign-in with rate limits, and instructor creation (used by the CLI and the instructor UI). */
export function createAuthService(deps: { store: Store; limits?: AuthLimits }) {
  const { store } = deps;
  const limits = deps.limits ?? defaultAuthLimits();

  async function createAccount(input: { email: string; name: string; password: string; role: Role }): Promise<User> {
    return store.users.create({ email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) });
  }

  return {
    createAccount,

    async signUp(input: { email: string; name: string; password: string; invite?: string }, ip: string): Promise<User> {
      const hit = limits.signUps.hit(ip);
      if (!hit.allowed) throw tooMany('sign-ups from your network', hit.retryAfterSeconds);
      let role: Role = 'learner';
      if (input.invite) {
        const invite = store.invites.findValid(hashToken(input.invite));
        if (!invite) throw new InvalidInputError('This invitation link is not valid any more. Ask for a new one.');
        if (invite.email.toLowerCase() !== input.email.toLowerCase()) {
          throw new InvalidInputError(`This invitation is for ${invite.email}; sign up with that email.`);
        }
        role = invite.role;
      }
      const user = await createAccount({ email: input.email, name: input.name, password: input.password, role });
      if (input.invite) store.invites.markUsed(hashToken(input.invite));
      return user;
    },

    /** Instructor-only: a one-time sign-up token for `email` with `role`, valid for 7 days. */
    invite(actorId: number, email: string, role: Role): { token: string; expiresAt: string } {
      if (store.users.findByEmail(email)) throw new ConflictError(`${email} already has an account; use "Make instructor" instead.`);
      const token = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + INVITE_TTL_MS).toISOString();
      store.invites.create({ tokenHash: hashToken(token), email, role, createdBy: actorId, expiresAt });
      return { token, expiresAt };
    },

    async signIn(input: { email: string; password: string }, ip: string): Promise<User> {
      const byIp = limits.perIp.hit(ip);
      if (!byIp.allowed) throw tooMany('sign-in attempts from your network', byIp.retryAfterSeconds);
      const account = `account:${input.email.toLowerCase()}`;
      const byAccount = limits.perAccount.check(account);
      if (!byAccount.allowed) throw tooMany('failed sign-ins for this account', byAccount.retryAfterSeconds);
      const found = store.users.findByEmail(input.email);
      // Verify against a dummy hash for unknown emails so timing does not reveal which accounts exist.
      const ok = await verifyPassword(input.password, found?.passwordHash ?? (await dummyHash()));
      if (!found || !ok) {
        limits.perAccount.hit(account);
        throw new UnauthenticatedError('Email or password is not right.');
      }
      limits.perAccount.reset(account);
      const { passwordHash: _omit, ...user } = found;
      return user;
    },

    /** Instructor-only action: make an existing learner an instructor, or back. Refuses to demote yourself. */
    setRole(actorId: number, userId: number, role: Role): User {
      if (actorId === userId && role !== 'instructor') throw new InvalidInputError('You cannot remove your own instructor role.');
      return store.users.setRole(userId, role);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
