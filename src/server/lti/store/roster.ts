import { inTransaction, now, parseJson, type SqlExecutor } from '../../store/db';

export interface RosterMember {
  subject: string;
  name: string;
  email: string | null;
  roles: string[];
  status: string;
}

/** The LMS roster of each context, replaced on every sync. */
export function createRosterRepository(db: SqlExecutor) {
  return {
    async replace(contextRow: number, members: RosterMember[]): Promise<void> {
      await inTransaction(db, async (tx) => {
        await tx.run('DELETE FROM lti_roster WHERE context_row = ?', [contextRow]);
        for (const m of members) {
          await tx.run('INSERT INTO lti_roster (context_row, subject, name, email, roles_json, status) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
            contextRow,
            m.subject,
            m.name,
            m.email,
            JSON.stringify(m.roles),
            m.status,
          ]);
        }
        await tx.run('UPDATE lti_contexts SET roster_synced_at = ? WHERE id = ?', [now(), contextRow]);
      });
    },
    async list(contextRow: number): Promise<RosterMember[]> {
      const rows = await db.all<{ subject: string; name: string; email: string | null; roles_json: string; status: string }>(
        'SELECT * FROM lti_roster WHERE context_row = ? ORDER BY lower(name)',
        [contextRow],
      );
      return rows.map((r) => ({ subject: r.subject, name: r.name, email: r.email, roles: parseJson<string[]>(r.roles_json, []), status: r.status }));
    },
  };
}
