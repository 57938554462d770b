import { now, parseJson, type SqlExecutor } from '../../store/db';
import type { ScorePayload } from '../ags/score';

export interface ScorePost {
  id: number;
  targetId: number;
  score: ScorePayload;
  status: 'queued' | 'sent' | 'failed';
  tries: number;
  nextTryAt: string;
  lastError: string | null;
  updatedAt: string;
}

type Row = { id: number; target_id: number; score_json: string; status: ScorePost['status']; tries: number; next_try_at: string; last_error: string | null; updated_at: string };
const toPost = (r: Row): ScorePost => ({
  id: r.id,
  targetId: r.target_id,
  score: parseJson<ScorePayload>(r.score_json, {} as ScorePayload),
  status: r.status,
  tries: r.tries,
  nextTryAt: r.next_try_at,
  lastError: r.last_error,
  updatedAt: r.updated_at,
});

/** The score outbox: one row per grade target holding the latest score to send, so a newer score replaces an unsent one. */
export function createScoresRepository(db: SqlExecutor) {
  return {
    async enqueue(targetId: number, score: ScorePayload): Promise<ScorePost> {
      const at = now();
      const r = await db.get<Row>(
        `INSERT INTO lti_score_posts (target_id, score_json, status, tries, next_try_at, last_error, updated_at) VALUES (?, ?, 'queued', 0, ?, NULL, ?)
         ON CONFLICT (target_id) DO UPDATE SET score_json = excluded.score_json, status = 'queued', tries = 0, next_try_at = excluded.next_try_at,
           last_error = NULL, updated_at = excluded.updated_at, claimed_by = NULL, claimed_until = NULL
         RETURNING *`,
        [targetId, JSON.stringify(score), at, at],
      );
      return toPost(r!);
    },
    async due(limit = 20): Promise<ScorePost[]> {
      return (await db.all<Row>("SELECT * FROM lti_score_posts WHERE status = 'queued' AND next_try_at <= ? ORDER BY next_try_at LIMIT ?", [now(), limit])).map(toPost);
    },
    /**
     * Takes up to `limit` due posts for `worker` until `leaseMs` from now: no other process gets them meanwhile
     * (PostgreSQL skips rows another claimer holds, FOR UPDATE SKIP LOCKED; SQLite runs one writer at a time).
     * A worker that dies loses its claim when the lease ends, and the post is delivered by another.
     */
    async claim(worker: string, limit = 20, leaseMs = 120_000): Promise<ScorePost[]> {
      const at = now();
      const until = new Date(Date.now() + leaseMs).toISOString();
      const skipLocked = db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
      const rows = await db.all<Row>(
        `UPDATE lti_score_posts SET claimed_by = ?, claimed_until = ?
         WHERE id IN (SELECT id FROM lti_score_posts WHERE status = 'queued' AND next_try_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                      ORDER BY next_try_at LIMIT ? ${skipLocked})
         RETURNING *`,
        [worker, until, at, at, limit],
      );
      return rows.map(toPost).sort((a, b) => a.nextTryAt.localeCompare(b.nextTryAt));
    },
    async nextDueAt(): Promise<string | undefined> {
      // A post another process holds is due again only when its claim runs out (it is normally sent long before).
      const r = await db.get<{ at: string | null }>(
        `SELECT MIN(CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_try_at THEN claimed_until ELSE next_try_at END) AS at
         FROM lti_score_posts WHERE status = 'queued'`,
      );
      return r?.at ?? undefined;
    },
    async get(id: number): Promise<ScorePost | undefined> {
      const r = await db.get<Row>('SELECT * FROM lti_score_posts WHERE id = ?', [id]);
      return r && toPost(r);
    },
    /** Only a post still holding the same score is marked, so a newer score queued meanwhile is not lost. */
    async markSent(post: ScorePost): Promise<void> {
      await db.run("UPDATE lti_score_posts SET status = 'sent', tries = tries + 1, last_error = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND updated_at = ? AND score_json = ?", [
        post.id,
        post.updatedAt,
        JSON.stringify(post.score),
      ]);
    },
    async markFailed(post: ScorePost, error: string, retryAt: string | null): Promise<void> {
      await db.run(
        'UPDATE lti_score_posts SET status = ?, tries = tries + 1, last_error = ?, next_try_at = COALESCE(?, next_try_at), claimed_by = NULL, claimed_until = NULL WHERE id = ? AND updated_at = ? AND score_json = ?',
        [retryAt ? 'queued' : 'failed', error.slice(0, 500), retryAt, post.id, post.updatedAt, JSON.stringify(post.score)],
      );
    },
    /** "Post again": back in the queue now, with a fresh try count. */
    async retryNow(id: number): Promise<boolean> {
      const at = now();
      return (await db.run("UPDATE lti_score_posts SET status = 'queued', tries = 0, next_try_at = ?, updated_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?", [at, at, id])).changes > 0;
    },
    /** Posts not yet delivered (failed or still retrying), with who and what they are for. */
    async listUndelivered(): Promise<(ScorePost & { userId: number; kind: string; itemId: string; lineitem: string; platformId: number })[]> {
      const rows = await db.all<Row & { user_id: number; kind: string; item_id: string; lineitem: string; platform_id: number }>(
        `SELECT p.*, t.user_id, t.kind, t.item_id, t.lineitem, t.platform_id FROM lti_score_posts p JOIN lti_grade_targets t ON t.id = p.target_id
         WHERE p.status = 'failed' OR (p.status = 'queued' AND p.tries > 0) ORDER BY p.updated_at`,
      );
      return rows.map((r) => ({ ...toPost(r), userId: r.user_id, kind: r.kind, itemId: r.item_id, lineitem: r.lineitem, platformId: r.platform_id }));
    },
  };
}
