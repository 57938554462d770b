/**
 * A learner's score at a quiz or lab may have changed (submission, hand grade, regrade, lab pass). Domains that
 * change scores call `scoreChanged`; listeners (LTI grade passback) are registered once at server start in
 * src/server/services.ts. Listeners run after the change is stored and must not throw into the caller.
 */
export interface ScoreChange {
  userId: number;
  kind: 'quiz' | 'lab';
  itemId: string;
}

type Listener = (change: ScoreChange) => void | Promise<void>;
const listeners: Listener[] = [];

export function onScoreChanged(listener: Listener): void {
  listeners.push(listener);
}

/** Resolves once every listener has stored what it needs (e.g. the LTI outbox row); never rejects. */
export async function scoreChanged(change: ScoreChange): Promise<void> {
  for (const listener of listeners) {
    try {
      await listener(change);
    } catch (error) {
      console.error('score listener failed:', error);
    }
  }
}
