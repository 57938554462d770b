/** The lab runner's repositories use the store's async SQL executor (SQLite or PostgreSQL). */
export type { SqlExecutor } from '../../store/sql/driver';
