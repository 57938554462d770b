import type { DatabaseSync } from 'node:sqlite';
import { now, parseJson } from './db';

export type AnonymousKind = 'lab_pass' | 'solution_view' | 'lesson';

export interface AnonymousRecord {
  kind: AnonymousKind;
  item: string;
  data: Record<string, string> | null;
  at: string;
}

/**
 * Progress of a browser that has not signed in, keyed by its hashed lab session (never the cookie itself).
 * `take` reads and deletes in one go, for the move to an account.
 */
export function createAnonymousProgressRepository(db: DatabaseSync) {
  return {
    record(owner: string, kind: AnonymousKind, item: string, data?: Record<string, string>): void {
      db.prepare('INSERT INTO anonymous_progress (owner, kind, item, data_json, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner, kind, item) DO NOTHING').run(
        owner,
        kind,
        item,
        data ? JSON.stringify(data) : null,
        now(),
      );
    },
    remove(owner: string, kind: AnonymousKind, item: string): void {
      db.prepare('DELETE FROM anonymous_progress WHERE owner = ? AND kind = ? AND item = ?').run(owner, kind, item);
    },
    list(owner: string): AnonymousRecord[] {
      const rows = db.prepare('SELECT kind, item, data_json, at FROM anonymous_progress WHERE owner = ? ORDER BY at').all(owner) as {
        kind: AnonymousKind;
        item: string;
        data_json: string | null;
        at: string;
      }[];
      return rows.map((r) => ({ kind: r.kind, item: r.item, data: parseJson(r.data_json, null), at: r.at }));
    },
    removeAll(owner: string): void {
      db.prepare('DELETE FROM anonymous_progress WHERE owner = ?').run(owner);
    },
  };
}

export type AnonymousProgressRepository = ReturnType<typeof createAnonymousProgressRepository>;
