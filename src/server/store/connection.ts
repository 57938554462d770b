import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrate';
import type { MigrationHost, SqlDriver } from './sql/driver';
import { openPostgresDriver } from './sql/postgres';
import { openSqliteDriver } from './sql/sqlite';

export interface StoreOptions {
  /** Directory holding course.sqlite when no database URL is given; created if missing. */
  dataDir?: string;
  /** postgres://… selects PostgreSQL (DATABASE_URL); unset or empty: SQLite in `dataDir`. */
  databaseUrl?: string;
  /** SQLite: how long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in the pool. */
  poolSize?: number;
}

/** The store cannot reach its database: a wrong DATABASE_URL, a database that is down, a data dir it cannot write. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Errors that mean "the database cannot be reached right now" rather than a bug: refused or dropped connections,
 * PostgreSQL's connection-exception and shutdown classes, a missing database, SQLite busy past its timeout.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', '3D000', '57P01', '57P02', '57P03', '53300', 'ERR_SQLITE_BUSY'].includes(code)) return true;
  if (code.startsWith('08')) return true; // connection exception class
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|database is locked/i.test(message);
}

export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//i.test(url.trim());

/** DATABASE_URL without its password, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Opens the driver the options name, checks the connection and migrates; errors name the setting to fix. */
export async function connect(options: StoreOptions): Promise<SqlDriver & MigrationHost> {
  const url = options.databaseUrl?.trim();
  if (options.poolSize !== undefined && !(Number.isInteger(options.poolSize) && options.poolSize >= 1 && options.poolSize <= 1000)) {
    throw new StoreUnavailableError('DATABASE_POOL_SIZE must be a whole number from 1 to 1000 (PostgreSQL connections per process).');
  }
  if (url && !isPostgresUrl(url)) {
    throw new StoreUnavailableError(
      `DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/course (got "${describeUrl(url)}"). Unset it to use SQLite in COURSE_DATA_DIR.`,
    );
  }
  if (url) {
    try {
      new URL(url);
    } catch {
      throw new StoreUnavailableError('DATABASE_URL is not a valid URL. Expected postgres://user:password@host:5432/database.');
    }
    const driver = openPostgresDriver({ connectionString: url, max: options.poolSize });
    try {
      await driver.ping();
      await migrate(driver);
    } catch (error) {
      await driver.close().catch(() => {});
      throw new StoreUnavailableError(`Could not use the PostgreSQL database at DATABASE_URL=${describeUrl(url)}: ${explainPg(error)}`, { cause: error });
    }
    return driver;
  }
  const dataDir = options.dataDir ?? './data';
  let driver: (SqlDriver & MigrationHost) | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    driver = openSqliteDriver(join(dataDir, 'course.sqlite'), { busyTimeoutMs: options.busyTimeoutMs });
    await migrate(driver);
    return driver;
  } catch (error) {
    await driver?.close().catch(() => {});
    throw new StoreUnavailableError(`Could not open the SQLite database in COURSE_DATA_DIR=${dataDir}: ${(error as Error).message}`, { cause: error });
  }
}

/** Says what went wrong in an operator's words, with the setting to change. */
function explainPg(error: unknown): string {
  const e = error as { code?: string; message?: string; address?: string; port?: number; hostname?: string };
  const message = e.message ?? String(error);
  switch (e.code) {
    case 'ECONNREFUSED':
      return `nothing accepts connections there (${message}). Is PostgreSQL running, and are the host and port in DATABASE_URL right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name does not resolve (${message}). Check the host in DATABASE_URL.`;
    case 'ETIMEDOUT':
      return `the connection timed out (${message}). Check the host and port in DATABASE_URL and any firewall.`;
    case '28P01':
    case '28000':
      return `the server refused the credentials (${message}). Check the user and password in DATABASE_URL.`;
    case '3D000':
      return `${message}. Create it (createdb) or name an existing database in DATABASE_URL.`;
    case '42501':
      return `permission denied (${message}). The DATABASE_URL user needs to create tables in this database.`;
    default:
      return `${message}. Check DATABASE_URL.`;
  }
}
