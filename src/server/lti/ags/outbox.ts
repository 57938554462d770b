import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { LtiRepository } from '../store';
import type { ScorePost } from '../store/scores';
import type { ScorePayload } from './score';

export interface OutboxOptions {
  repo: LtiRepository;
  send: (targetId: number, score: ScorePayload) => Promise<void>;
  /** First retry delay; each further try doubles it (capped at an hour). */
  baseDelayMs: number;
  /** Tries before a post is marked failed and waits for an instructor's "post again". */
  maxTries: number;
  /** Who claims posts: unique per process, so several processes never post the same score. */
  worker?: string;
}

/**
 * Delivers queued scores in the background: one pass at a time, failures retried with exponential backoff, a timer
 * (unref'd, so it never holds the process open) for the next due retry.
 */
export function createScoreOutbox(o: OutboxOptions) {
  const worker = o.worker ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function pass(): Promise<void> {
    // Claimed in batches until none is due: what another process claimed is never sent from here.
    for (let batch = await o.repo.scores.claim(worker); batch.length; batch = await o.repo.scores.claim(worker)) await deliver(batch);
  }

  async function deliver(batch: ScorePost[]): Promise<void> {
    for (const post of batch) {
      try {
        await o.send(post.targetId, post.score);
        await o.repo.scores.markSent(post);
      } catch (error) {
        const tries = post.tries + 1;
        const delay = Math.min(o.baseDelayMs * 2 ** (tries - 1), 3_600_000);
        const retryAt = tries < o.maxTries ? new Date(Date.now() + delay).toISOString() : null;
        await o.repo.scores.markFailed(post, (error as Error).message, retryAt);
      }
    }
  }

  async function schedule(): Promise<void> {
    clearTimeout(timer);
    const next = await o.repo.scores.nextDueAt();
    if (!next) return;
    timer = setTimeout(kick, Math.max(0, Date.parse(next) - Date.now()));
    timer.unref();
  }

  /** Starts a delivery pass now (or right after the running one). Never throws. */
  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass().catch((error) => console.error('LTI score delivery:', error));
      } while (again);
    })().finally(async () => {
      running = undefined;
      await schedule().catch((error) => console.error('LTI score delivery:', error));
    });
    return running;
  }

  return { kick };
}
