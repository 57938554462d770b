import { randomBytes } from 'node:crypto';
import { ConflictError, InvalidInputError, NotFoundError, RateLimitError, UnauthenticatedError } from '../errors';
import type { Store } from '../store/create-store';
import type { Role, User } from '../store/users';
import { dummyHash, hashPassword, verifyPassword } from './password';
import type { SqlExecutor } from '../store/sql/driver';
import { createStoreThrottle, createStoreWindowLimiter } from '../store/throttles';
import type { RateLimiter } from './rate-limit';
import type { Throttle } from './sign-in-throttle';
import { hashToken } from './sessions';
import { createClassService } from '../classes/service';

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface AuthLimits {
  /** Failed sign-ins per address per window (password spraying across accounts). Successes do not count, so a
   *  class behind one NAT can all sign in. */
  perIp: RateLimiter;
  /** Failed sign-ins per account-and-address pair: a growing delay for whoever is guessing. */
  perPair: Throttle;
  /**
   * Failed sign-ins per account from anywhere (many addresses): slows new browsers only. A browser that signed
   * in to the account before (device cookie) is not held back by it, so an attacker cannot lock the owner out.
   */
  perAccount: Throttle;
  /** Sign-ups per IP per window. */
  signUps: RateLimiter;
}

const RESET_TTL_MS = 3 * 24 * 60 * 60 * 1000;

/** The limits in the store: every process counts into the same rows, and a restart keeps the counts. */
export function defaultAuthLimits(db: SqlExecutor): AuthLimits {
  return {
    perIp: createStoreWindowLimiter({ db, name: 'sign-in-failures-per-address', limit: 50, windowMs: 10 * 60_000 }),
    perPair: createStoreThrottle({ db, name: 'sign-in-account-address', freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 }),
    perAccount: createStoreThrottle({ db, name: 'sign-in-account', freeFailures: 20, baseDelayMs: 60_000, maxDelayMs: 30 * 60_000, forgetAfterMs: 60 * 60_000 }),
    signUps: createStoreWindowLimiter({ db, name: 'sign-ups-per-address', limit: 30, windowMs: 60 * 60_000 }),
  };
}

const tooMany = (what: string, seconds: number) =>
  new RateLimitError(`Too many ${what}. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`, seconds);

/** Accounts: sign-up, sign-in with rate limits, and instructor creation (used by the CLI and the instructor UI). */
export function createAuthService(deps: { store: Store; limits?: AuthLimits }) {
  const { store } = deps;
  const limits = deps.limits ?? defaultAuthLimits(store.db);

  async function createAccount(input: { email: string; name: string; password: string; role: Role }): Promise<User> {
    return store.users.create({ email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) });
  }

  return {
    createAccount,

    async signUp(input: { email: string; name: string; password: string; invite?: string }, ip: string): Promise<User> {
      const hit = await limits.signUps.hit(ip);
      if (!hit.allowed) throw tooMany('sign-ups from your network', hit.retryAfterSeconds);
      let role: Role = 'learner';
      if (input.invite) {
        const invite = await store.invites.findValid(hashToken(input.invite));
        if (!invite) throw new InvalidInputError('This invitation link is not valid any more. Ask for a new one.');
        if (invite.email.toLowerCase() !== input.email.toLowerCase()) {
          throw new InvalidInputError(`This invitation is for ${invite.email}; sign up with that email.`);
        }
        role = invite.role;
      }
      const user = await createAccount({ email: input.email, name: input.name, password: input.password, role });
      if (input.invite) await store.invites.markUsed(hashToken(input.invite));
      // Into the invitation's class, or the site's default class for a direct sign-up (issue 19).
      await createClassService(store).placeNewAccount(user.id, role, input.invite ? hashToken(input.invite) : undefined);
      return user;
    },

    /** Instructor-only: a one-time sign-up token for `email` with `role`, valid for 7 days. */
    async invite(actorId: number, email: string, role: Role): Promise<{ token: string; expiresAt: string }> {
      if (await store.users.findByEmail(email)) throw new ConflictError(`${email} already has an account; use "Make instructor" instead.`);
      const token = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + INVITE_TTL_MS).toISOString();
      await store.invites.create({ tokenHash: hashToken(token), email, role, createdBy: actorId, expiresAt });
      return { token, expiresAt };
    },

    /** `deviceHash`: the hashed device cookie of this browser, if it has one. */
    async signIn(input: { email: string; password: string }, ip: string, deviceHash?: string): Promise<User> {
      const byIp = await limits.perIp.check(ip);
      if (!byIp.allowed) throw tooMany('failed sign-ins from your network', byIp.retryAfterSeconds);
      const account = input.email.toLowerCase();
      const pair = `${account}|${ip}`;
      const byPair = await limits.perPair.check(pair);
      if (!byPair.allowed) throw tooMany('failed sign-ins for this account from your network', byPair.retryAfterSeconds);
      const found = await store.users.findByEmail(input.email);
      const knownDevice = !!(found && deviceHash && (await store.accountSecurity.isKnownDevice(deviceHash, found.id)));
      const byAccount = await limits.perAccount.check(account);
      if (!byAccount.allowed && !knownDevice) {
        throw tooMany('failed sign-ins for this account. A browser you have signed in with before can still sign in', byAccount.retryAfterSeconds);
      }
      // Verify against a dummy hash for unknown emails so timing does not reveal which accounts exist.
      const ok = await verifyPassword(input.password, found?.passwordHash ?? (await dummyHash()));
      if (!found || !ok) {
        await limits.perIp.hit(ip);
        await limits.perPair.fail(pair);
        await limits.perAccount.fail(account);
        throw new UnauthenticatedError('Email or password is not right.');
      }
      await limits.perPair.succeed(pair);
      if (knownDevice || byAccount.allowed) await limits.perAccount.succeed(account);
      const { passwordHash: _omit, ...user } = found;
      return user;
    },

    /** Changes a signed-in user's password after checking the current one; every other session ends. */
    async changePassword(userId: number, current: string, next: string): Promise<void> {
      const user = await store.users.get(userId);
      const found = user && (await store.users.findByEmail(user.email));
      if (!found || !(await verifyPassword(current, found.passwordHash))) throw new InvalidInputError('Your current password is not right.', { fields: { current: 'not right' } });
      await store.users.setPassword(userId, await hashPassword(next));
      await store.sessions.deleteAllForUser(userId);
    },

    /** Instructor-only: a one-time reset link token for an account, valid 3 days. */
    async issueReset(actorId: number, userId: number): Promise<{ token: string; expiresAt: string }> {
      const user = await store.users.get(userId);
      if (!user) throw new NotFoundError('No such user.');
      const token = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + RESET_TTL_MS).toISOString();
      await store.accountSecurity.createReset({ tokenHash: hashToken(token), userId, createdBy: actorId, expiresAt });
      await store.audit.record({ actorId, action: 'password-reset-link', summary: `Issued a password reset link for ${user.name} <${user.email}>.`, details: { userId } });
      return { token, expiresAt };
    },

    /** Sets a new password through a reset link; the link works once, and every session of the account ends. */
    async resetPassword(token: string, password: string): Promise<User> {
      const userId = await store.accountSecurity.consumeReset(hashToken(token));
      if (!userId) throw new InvalidInputError('This reset link is not valid any more. Ask an instructor for a new one.');
      await store.users.setPassword(userId, await hashPassword(password));
      await store.sessions.deleteAllForUser(userId);
      return (await store.users.get(userId))!;
    },

    /** Instructor-only action: make an existing learner an instructor, or back. Refuses to demote yourself. */
    async setRole(actorId: number, userId: number, role: Role): Promise<User> {
      if (actorId === userId && role !== 'instructor') throw new InvalidInputError('You cannot remove your own instructor role.');
      const before = await store.users.get(userId);
      const user = await store.users.setRole(userId, role);
      if (before?.role !== role) {
        await store.audit.record({ actorId, action: 'role', summary: `${user.name} <${user.email}>: ${before?.role ?? '?'} → ${role}.`, details: { userId, from: before?.role, to: role } });
      }
      return user;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
