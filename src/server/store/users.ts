import { ConflictError, NotFoundError } from '../errors';
import { inTransaction, now, type SqlExecutor } from './db';

export type Role = 'learner' | 'instructor';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: string;
}

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, name: r.name, role: r.role, createdAt: r.created_at });

/** 23505 (PostgreSQL) / SQLITE_CONSTRAINT_UNIQUE: a unique index refused the row. */
export const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; errcode?: number; message?: string };
  return e.code === '23505' || e.errcode === 2067 || /UNIQUE constraint failed/.test(e.message ?? '');
};

export function createUsersRepository(db: SqlExecutor) {
  // Emails match whatever their case: COLLATE NOCASE on SQLite, a unique index on lower(email) on PostgreSQL.
  const emailMatch = db.dialect === 'postgres' ? 'lower(email) = lower(?)' : 'email = ?';
  const findByEmail = (email: string) => db.get<UserRow>(`SELECT * FROM users WHERE ${emailMatch}`, [email]);
  return {
    async create(input: { email: string; name: string; role: Role; passwordHash: string }): Promise<User> {
      return inTransaction(db, async (tx) => {
        if (await tx.get(`SELECT 1 AS x FROM users WHERE ${emailMatch}`, [input.email])) {
          throw new ConflictError('An account with this email already exists.');
        }
        try {
          const r = await tx.get<UserRow>(
            'INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
            [input.email, input.name, input.role, input.passwordHash, now()],
          );
          return toUser(r!);
        } catch (error) {
          if (isUniqueViolation(error)) throw new ConflictError('An account with this email already exists.');
          throw error;
        }
      });
    },
    async findByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined> {
      const r = await findByEmail(email);
      return r && { ...toUser(r), passwordHash: r.password_hash };
    },
    async get(id: number): Promise<User | undefined> {
      const r = await db.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
      return r && toUser(r);
    },
    async list(): Promise<User[]> {
      return (await db.all<UserRow>('SELECT * FROM users ORDER BY role DESC, lower(name), id')).map(toUser);
    },
    async setRole(id: number, role: Role): Promise<User> {
      const r = await db.get<UserRow>('UPDATE users SET role = ? WHERE id = ? RETURNING *', [role, id]);
      if (!r) throw new NotFoundError('No such user.');
      return toUser(r);
    },
    async setPassword(id: number, passwordHash: string): Promise<void> {
      await db.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, id]);
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
