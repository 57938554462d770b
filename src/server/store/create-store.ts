import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createAccountSecurityRepository, createAuditRepository } from './account-security';
import { createAnonymousProgressRepository } from './anonymous-progress';
import { createAttemptsRepository } from './attempts';
import { createRegradeAdjustmentsRepository } from './regrade-adjustments';
import { createInvitesRepository } from './invites';
import { transaction } from './db';
import { applyMigrations } from './migrations';
import { createProgressRepository } from './progress';
import { createQuizSittingsRepository } from './quiz-sittings';
import { createSessionsRepository } from './sessions';
import { createUsersRepository } from './users';
import { createLtiRepository } from '../lti/store/index';
import { createVisitsRepository } from './visits';

export interface StoreOptions {
  /** Directory holding course.sqlite; created if missing. */
  dataDir: string;
  /** How long a writer waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
}

/**
 * The data layer's one entry point. Everything above it uses these repositories, never SQL, so a
 * PostgreSQL implementation of the same shape can replace this file (see README, "Storage").
 */
export function createStore(options: StoreOptions) {
  mkdirSync(options.dataDir, { recursive: true });
  const db = new DatabaseSync(join(options.dataDir, 'course.sqlite'));
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 10_000)}`);
  // WAL: readers never block the writer; synchronous=NORMAL is durable across process crashes in WAL mode.
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  applyMigrations(db);
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
    anonymous: createAnonymousProgressRepository(db),
    adjustments: createRegradeAdjustmentsRepository(db),
    /** Runs `fn` (synchronous repository calls) in one write transaction. */
    transaction: <T>(fn: () => T): T => transaction(db, fn),
    close: () => db.close(),
  };
}

export type Store = ReturnType<typeof createStore>;
