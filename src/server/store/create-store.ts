import { createAccountSecurityRepository, createAuditRepository } from './account-security';
import { createAnonymousProgressRepository } from './anonymous-progress';
import { createAttemptsRepository } from './attempts';
import { createRegradeAdjustmentsRepository } from './regrade-adjustments';
import { connect, isPostgresUrl, type StoreOptions } from './connection';
import { createInvitesRepository } from './invites';
import { createProgressRepository } from './progress';
import { createQuizSittingsRepository } from './quiz-sittings';
import { createSessionsRepository } from './sessions';
import type { Dialect, MigrationHost, SqlDriver, SqlExecutor } from './sql/driver';
import { createUsersRepository } from './users';
import { createLtiRepository } from '../lti/store/index';
import { createVisitsRepository } from './visits';
import { createClassesRepository } from '../classes/store';
import { createAnnouncementsRepository } from './announcements';

export type { StoreOptions } from './connection';
export { isStoreUnavailable, StoreUnavailableError } from './connection';

/** Every repository, bound to one executor (the store's connection or one transaction). */
function repositories(db: SqlExecutor) {
  return {
    users: createUsersRepository(db),
    sessions: createSessionsRepository(db),
    attempts: createAttemptsRepository(db),
    progress: createProgressRepository(db),
    invites: createInvitesRepository(db),
    sittings: createQuizSittingsRepository(db),
    audit: createAuditRepository(db),
    accountSecurity: createAccountSecurityRepository(db),
    lti: createLtiRepository(db),
    visits: createVisitsRepository(db),
    classes: createClassesRepository(db),
    announcements: createAnnouncementsRepository(db),
    anonymous: createAnonymousProgressRepository(db),
    adjustments: createRegradeAdjustmentsRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;

export interface Store extends Repositories {
  readonly dialect: Dialect;
  /** The executor under the repositories, for store-backed modules (rate limits, queues) that write their own SQL. */
  readonly db: SqlDriver;
  /** Connects and migrates (once); rejects with a StoreUnavailableError naming the setting to fix. */
  ready(): Promise<void>;
  /** Answers when the database does (readiness); rejects with the reason otherwise. */
  ping(): Promise<void>;
  /** Runs `fn` in one transaction with repositories bound to it; a transaction inside one joins it. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The data layer's one entry point: SQLite in `dataDir` by default, PostgreSQL when `databaseUrl` is a
 * postgres:// URL. Nothing connects until `ready()` or the first query, so building it is synchronous.
 */
export function createStore(options: StoreOptions): Store {
  const dialect: Dialect = isPostgresUrl(options.databaseUrl) ? 'postgres' : 'sqlite';
  let opening: Promise<SqlDriver & MigrationHost> | undefined;
  let closed = false;
  const driver = (): Promise<SqlDriver & MigrationHost> => {
    if (closed) return Promise.reject(new Error('The store is closed.'));
    // A failed connection is tried again on the next call (the database may come up later).
    opening ??= connect(options).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  const db: SqlDriver = {
    dialect,
    all: async (sql, params) => (await driver()).all(sql, params),
    get: async (sql, params) => (await driver()).get(sql, params),
    run: async (sql, params) => (await driver()).run(sql, params),
    transaction: async (fn) => (await driver()).transaction(fn),
    close: async () => {
      if (closed) return;
      closed = true;
      const open = opening;
      opening = undefined;
      if (open) await (await open.catch(() => undefined))?.close();
    },
  };
  return bind(db, db, () => driver().then(() => undefined));
}

function bind(db: SqlDriver, root: SqlDriver, ready: () => Promise<void>): Store {
  return {
    ...repositories(db),
    dialect: db.dialect,
    db,
    ready,
    ping: async () => {
      await db.get('SELECT 1 AS ok');
    },
    transaction: <T>(fn: (tx: Store) => Promise<T>) => db.transaction((tx) => fn(bind(asDriver(tx), root, ready))),
    close: () => (db === root ? root.close() : Promise.resolve()),
  };
}

/** A transaction's executor, with `transaction` joining it. */
function asDriver(tx: SqlExecutor): SqlDriver {
  const maybe = tx as Partial<SqlDriver>;
  if (typeof maybe.transaction === 'function') return tx as SqlDriver;
  const joined: SqlDriver = { ...tx, dialect: tx.dialect, transaction: (fn) => fn(joined), close: async () => {} };
  return joined;
}
