import { configuredOrigins } from './http/site-origin';
import { trustPolicy } from './http/trust-proxy';
import { outerSandboxProblem, outerSandboxStartupError } from './lab-engine/outer-sandbox/preflight';

/** Every reason the server must not start with these settings (empty: start). Each message names its setting. */
export function startupErrors(env: Record<string, string | undefined>): string[] {
  const errors: string[] = [];
  for (const check of [() => configuredOrigins(env), () => trustPolicy(env.TRUST_PROXY)]) {
    try {
      check();
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  const memoryMb = Number(env.LAB_MEMORY_LIMIT_MB ?? 512);
  const outer = outerSandboxStartupError(env, () => outerSandboxProblem((Number.isFinite(memoryMb) && memoryMb > 0 ? memoryMb : 512) * 1024 * 1024));
  if (outer) errors.push(outer);
  return errors;
}
