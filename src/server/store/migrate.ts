import type { Dialect, MigrationHost, ScriptExecutor } from './sql/driver';
import { migrations as all, type Migration } from './migrations/index';

const scriptFor = (m: Migration, dialect: Dialect): string => {
  const text = m.sql ?? m[dialect];
  if (text === undefined) throw new Error(`Migration ${m.id} has no SQL for ${dialect}.`);
  return text;
};

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in order, under a lock that makes a second
 * process starting at the same time wait and then find nothing to do. Returns the ids it applied.
 */
export async function migrate(host: MigrationHost, migrations: readonly Migration[] = all): Promise<string[]> {
  return host.migrationLock(async (tx) => {
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    if (host.dialect === 'sqlite') await adoptUserVersion(tx, migrations);
    const done = new Set((await tx.all<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(scriptFor(m, host.dialect));
      await tx.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [m.id, new Date().toISOString()]);
      applied.push(m.id);
    }
    return applied;
  });
}

/** A database made before named migrations counted them in `user_version`: its first N count as applied. */
async function adoptUserVersion(tx: ScriptExecutor, migrations: readonly Migration[]): Promise<void> {
  const recorded = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migrations');
  if (Number(recorded?.n) > 0) return;
  const version = Number((await tx.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0);
  const at = new Date().toISOString();
  for (const m of migrations.slice(0, version)) {
    await tx.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [m.id, at]);
  }
}
