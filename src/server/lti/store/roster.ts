import type { DatabaseSync } from 'node:sqlite';
import { now, parseJson, transaction } from '../../store/db';

export interface RosterMember {
  subject: string;
  name: string;
  email: string | null;
  roles: string[];
  status: string;
}

/** The LMS roster of each context, replaced on every sync. */
export function createRosterRepository(db: DatabaseSync) {
  return {
    replace(contextRow: number, members: RosterMember[]): void {
      transaction(db, () => {
        db.prepare('DELETE FROM lti_roster WHERE context_row = ?').run(contextRow);
        const insert = db.prepare('INSERT INTO lti_roster (context_row, subject, name, email, roles_json, status) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
        for (const m of members) insert.run(contextRow, m.subject, m.name, m.email, JSON.stringify(m.roles), m.status);
        db.prepare('UPDATE lti_contexts SET roster_synced_at = ? WHERE id = ?').run(now(), contextRow);
      });
    },
    list(contextRow: number): RosterMember[] {
      const rows = db.prepare('SELECT * FROM lti_roster WHERE context_row = ? ORDER BY name COLLATE NOCASE').all(contextRow) as {
        subject: string;
        name: string;
        email: string | null;
        roles_json: string;
        status: string;
      }[];
      return rows.map((r) => ({ subject: r.subject, name: r.name, email: r.email, roles: parseJson<string[]>(r.roles_json, []), status: r.status }));
    },
  };
}
