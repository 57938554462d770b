import { now, parseJson, type SqlExecutor } from './db';

export type AnonymousKind = 'lab_pass' | 'solution_view' | 'lesson';

export interface AnonymousRecord {
  kind: AnonymousKind;
  item: string;
  data: Record<string, string> | null;
  at: string;
}

/** Progress of a browser that has not signed in, keyed by its hashed lab session (never the cookie itself). */
export function createAnonymousProgressRepository(db: SqlExecutor) {
  return {
    async record(owner: string, kind: AnonymousKind, item: string, data?: Record<string, string>): Promise<void> {
      await db.run('INSERT INTO anonymous_progress (owner, kind, item, data_json, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner, kind, item) DO NOTHING', [
        owner,
        kind,
        item,
        data ? JSON.stringify(data) : null,
        now(),
      ]);
    },
    async remove(owner: string, kind: AnonymousKind, item: string): Promise<void> {
      await db.run('DELETE FROM anonymous_progress WHERE owner = ? AND kind = ? AND item = ?', [owner, kind, item]);
    },
    async list(owner: string): Promise<AnonymousRecord[]> {
      const rows = await db.all<{ kind: AnonymousKind; item: string; data_json: string | null; at: string }>(
        'SELECT kind, item, data_json, at FROM anonymous_progress WHERE owner = ? ORDER BY at, kind, item',
        [owner],
      );
      return rows.map((r) => ({ kind: r.kind, item: r.item, data: parseJson(r.data_json, null), at: r.at }));
    },
    async removeAll(owner: string): Promise<void> {
      await db.run('DELETE FROM anonymous_progress WHERE owner = ?', [owner]);
    },
  };
}

export type AnonymousProgressRepository = ReturnType<typeof createAnonymousProgressRepository>;
