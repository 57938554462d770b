import type { RunEvent } from '../lab-engine/sandbox';
import type { TailFilter } from './tail-filters';

/**
 * Live tail sessions (`wrangler tail`), shared by the API route that creates them and the server's
 * WebSocket upgrade handler, which runs outside the Astro bundle: hence one registry per process,
 * kept on globalThis under a symbol.
 */
export interface TailSession {
  id: string;
  accountId: string;
  script: string;
  filters: TailFilter[];
  expiresAt: number;
  /** The deployed version's id when the session started (shown as scriptVersion). */
  versionId?: string;
  subscribe(listener: (event: RunEvent) => void): () => void;
  /** Closes the session's sockets (DELETE …/tails/{id}, the Worker deleted, expiry). */
  close?: () => void;
}

/** Cloudflare's tails expire after a few hours; the lab's after one hour. */
export const TAIL_TTL_MS = 60 * 60_000;
/** At most this many live tails per sandbox, like the platform's per-Worker limit. */
export const MAX_TAILS_PER_ACCOUNT = 10;

const key = Symbol.for('wfp-course.tail-sessions');
type Store = Map<string, TailSession>;

export function tailSessions(): Store {
  const g = globalThis as unknown as Record<symbol, Store | undefined>;
  return (g[key] ??= new Map());
}

export function sweepTails(now = Date.now()): void {
  for (const [id, s] of tailSessions()) if (s.expiresAt < now) (s.close?.(), tailSessions().delete(id));
}
