import type { DatabaseSync } from 'node:sqlite';
import { now } from '../../store/db';

export interface GradeTarget {
  id: number;
  platformId: number;
  userId: number;
  subject: string;
  lineitem: string;
  kind: 'quiz' | 'lab';
  itemId: string;
}

export interface LtiContext {
  id: number;
  platformId: number;
  contextId: string;
  title: string;
  membershipsUrl: string | null;
  lineitemsUrl: string | null;
  rosterSyncedAt: string | null;
}

type TargetRow = { id: number; platform_id: number; user_id: number; subject: string; lineitem: string; kind: 'quiz' | 'lab'; item_id: string };
const toTarget = (r: TargetRow): GradeTarget => ({ id: r.id, platformId: r.platform_id, userId: r.user_id, subject: r.subject, lineitem: r.lineitem, kind: r.kind, itemId: r.item_id });
type ContextRow = { id: number; platform_id: number; context_id: string; title: string; memberships_url: string | null; lineitems_url: string | null; roster_synced_at: string | null };
const toContext = (r: ContextRow): LtiContext => ({
  id: r.id,
  platformId: r.platform_id,
  contextId: r.context_id,
  title: r.title,
  membershipsUrl: r.memberships_url,
  lineitemsUrl: r.lineitems_url,
  rosterSyncedAt: r.roster_synced_at,
});

/** What a launch links: LMS accounts to ours, courses (contexts), and where a learner's scores go. */
export function createLinksRepository(db: DatabaseSync) {
  return {
    findAccount(platformId: number, subject: string): number | undefined {
      const r = db.prepare('SELECT user_id FROM lti_accounts WHERE platform_id = ? AND subject = ?').get(platformId, subject) as { user_id: number } | undefined;
      return r?.user_id;
    },
    linkAccount(platformId: number, subject: string, userId: number): void {
      db.prepare('INSERT INTO lti_accounts (platform_id, subject, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(platformId, subject, userId, now());
    },
    accountsOf(platformId: number): Map<string, number> {
      const rows = db.prepare('SELECT subject, user_id FROM lti_accounts WHERE platform_id = ?').all(platformId) as { subject: string; user_id: number }[];
      return new Map(rows.map((r) => [r.subject, r.user_id]));
    },
    upsertContext(c: { platformId: number; contextId: string; title: string; membershipsUrl: string | null; lineitemsUrl: string | null }): LtiContext {
      const r = db
        .prepare(
          `INSERT INTO lti_contexts (platform_id, context_id, title, memberships_url, lineitems_url) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (platform_id, context_id) DO UPDATE SET title = excluded.title,
             memberships_url = COALESCE(excluded.memberships_url, memberships_url), lineitems_url = COALESCE(excluded.lineitems_url, lineitems_url)
           RETURNING *`,
        )
        .get(c.platformId, c.contextId, c.title, c.membershipsUrl, c.lineitemsUrl) as unknown as ContextRow;
      return toContext(r);
    },
    getContext(id: number): LtiContext | undefined {
      const r = db.prepare('SELECT * FROM lti_contexts WHERE id = ?').get(id) as ContextRow | undefined;
      return r && toContext(r);
    },
    listContexts(): LtiContext[] {
      return (db.prepare('SELECT * FROM lti_contexts ORDER BY platform_id, title').all() as unknown as ContextRow[]).map(toContext);
    },
    saveTarget(t: Omit<GradeTarget, 'id'>): GradeTarget {
      const r = db
        .prepare(
          `INSERT INTO lti_grade_targets (platform_id, user_id, subject, lineitem, kind, item_id) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (platform_id, subject, lineitem) DO UPDATE SET user_id = excluded.user_id, kind = excluded.kind, item_id = excluded.item_id
           RETURNING *`,
        )
        .get(t.platformId, t.userId, t.subject, t.lineitem, t.kind, t.itemId) as unknown as TargetRow;
      return toTarget(r);
    },
    targetsFor(userId: number, kind: 'quiz' | 'lab', itemId: string): GradeTarget[] {
      return (db.prepare('SELECT * FROM lti_grade_targets WHERE user_id = ? AND kind = ? AND item_id = ?').all(userId, kind, itemId) as unknown as TargetRow[]).map(toTarget);
    },
    getTarget(id: number): GradeTarget | undefined {
      const r = db.prepare('SELECT * FROM lti_grade_targets WHERE id = ?').get(id) as TargetRow | undefined;
      return r && toTarget(r);
    },
  };
}
