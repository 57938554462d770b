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

const listeners: ((change: ScoreChange) => void)[] = [];

export function onScoreChanged(listener: (change: ScoreChange) => void): void {
  listeners.push(listener);
}

export function scoreChanged(change: ScoreChange): void {
  for (const listener of listeners) {
    try {
      listener(change);
    } catch (error) {
      console.error('score listener failed:', error);
    }
  }
}
