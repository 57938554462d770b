import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time check of `Authorization: Bearer <secret>` (hashing first makes lengths equal). */
export function authorised(header: string | null | undefined, secret: string): boolean {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  const given = digest(match?.[1] ?? '');
  return timingSafeEqual(given, digest(secret)) && match !== null;
}

export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);

/**
 * LAB_RUNNER_SECRET, or for processes on one machine with no setting, a secret kept in the data dir (0600)
 * that every process started on that data dir shares.
 */
export function runnerSecret(secretFile: string, env = process.env): { secret: string; fromEnv: boolean } {
  const configured = env.LAB_RUNNER_SECRET?.trim();
  if (configured) return { secret: configured, fromEnv: true };
  try {
    const existing = readFileSync(secretFile, 'utf8').trim();
    if (existing.length >= 32) return { secret: existing, fromEnv: false };
  } catch {
    /* first start */
  }
  mkdirSync(dirname(secretFile), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(secretFile, secret, { mode: 0o600, flag: 'wx' });
  } catch {
    return { secret: readFileSync(secretFile, 'utf8').trim(), fromEnv: false }; // another process wrote it first
  }
  chmodSync(secretFile, 0o600);
  return { secret, fromEnv: false };
}
