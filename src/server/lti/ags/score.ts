import { SCOPES } from '../claims';
import { invalid } from '../errors';
import { platformFetch } from '../platform-url';
import type { Platform } from '../store/platforms';
import type { TokenSource } from './token';

/** A score as AGS 2.0 section 3.4 defines it. */
export interface ScorePayload {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
  timestamp: string;
  comment?: string;
}

/** `<lineitem>/scores`, keeping the line item URL's query string after the path (AGS 3.4). */
export function scoresUrl(lineitem: string): string {
  const url = new URL(lineitem);
  url.pathname = url.pathname.replace(/\/?$/, '/scores');
  return url.href;
}

export async function postScore(tokens: TokenSource, platform: Platform, lineitem: string, score: ScorePayload): Promise<void> {
  const token = await tokens.get(platform, [SCOPES.score]);
  const res = await platformFetch(
    scoresUrl(lineitem),
    { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' }, body: JSON.stringify(score) },
    'score service',
  );
  if (res.status === 401) tokens.forget(platform);
  if (!res.ok) throw invalid(`The platform refused the score: ${res.status} ${(await res.text()).slice(0, 200)}`);
}
