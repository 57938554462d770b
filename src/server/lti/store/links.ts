import { now, type SqlExecutor } from '../../store/db';

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
export function createLinksRepository(db: SqlExecutor) {
  return {
    async findAccount(platformId: number, subject: string): Promise<number | undefined> {
      const r = await db.get<{ user_id: number }>('SELECT user_id FROM lti_accounts WHERE platform_id = ? AND subject = ?', [platformId, subject]);
      return r?.user_id;
    },
    async linkAccount(platformId: number, subject: string, userId: number): Promise<void> {
      await db.run('INSERT INTO lti_accounts (platform_id, subject, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [platformId, subject, userId, now()]);
    },
    async accountsOf(platformId: number): Promise<Map<string, number>> {
      const rows = await db.all<{ subject: string; user_id: number }>('SELECT subject, user_id FROM lti_accounts WHERE platform_id = ?', [platformId]);
      return new Map(rows.map((r) => [r.subject, r.user_id]));
    },
    async upsertContext(c: { platformId: number; contextId: string; title: string; membershipsUrl: string | null; lineitemsUrl: string | null }): Promise<LtiContext> {
      const r = await db.get<ContextRow>(
        `INSERT INTO lti_contexts (platform_id, context_id, title, memberships_url, lineitems_url) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform_id, context_id) DO UPDATE SET title = excluded.title,
           memberships_url = COALESCE(excluded.memberships_url, lti_contexts.memberships_url),
           lineitems_url = COALESCE(excluded.lineitems_url, lti_contexts.lineitems_url)
         RETURNING *`,
        [c.platformId, c.contextId, c.title, c.membershipsUrl, c.lineitemsUrl],
      );
      return toContext(r!);
    },
    async getContext(id: number): Promise<LtiContext | undefined> {
      const r = await db.get<ContextRow>('SELECT * FROM lti_contexts WHERE id = ?', [id]);
      return r && toContext(r);
    },
    async listContexts(): Promise<LtiContext[]> {
      return (await db.all<ContextRow>('SELECT * FROM lti_contexts ORDER BY platform_id, title')).map(toContext);
    },
    async saveTarget(t: Omit<GradeTarget, 'id'>): Promise<GradeTarget> {
      const r = await db.get<TargetRow>(
        `INSERT INTO lti_grade_targets (platform_id, user_id, subject, lineitem, kind, item_id) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform_id, subject, lineitem) DO UPDATE SET user_id = excluded.user_id, kind = excluded.kind, item_id = excluded.item_id
         RETURNING *`,
        [t.platformId, t.userId, t.subject, t.lineitem, t.kind, t.itemId],
      );
      return toTarget(r!);
    },
    async targetsFor(userId: number, kind: 'quiz' | 'lab', itemId: string): Promise<GradeTarget[]> {
      return (await db.all<TargetRow>('SELECT * FROM lti_grade_targets WHERE user_id = ? AND kind = ? AND item_id = ?', [userId, kind, itemId])).map(toTarget);
    },
    async getTarget(id: number): Promise<GradeTarget | undefined> {
      const r = await db.get<TargetRow>('SELECT * FROM lti_grade_targets WHERE id = ?', [id]);
      return r && toTarget(r);
    },
  };
}
