import type { DatabaseSync } from 'node:sqlite';
import { ConflictError, NotFoundError } from '../errors';
import { now, transaction } from './db';

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

export function createUsersRepository(db: DatabaseSync) {
  const byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
  const byId = db.prepare('SELECT * FROM users WHERE id = ?');
  return {
    create(input: { email: string; name: string; role: Role; passwordHash: string }): User {
      return transaction(db, () => {
        if (byEmail.get(input.email)) throw new ConflictError('An account with this email already exists.');
        const r = db
          .prepare('INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *')
          .get(input.email, input.name, input.role, input.passwordHash, now()) as unknown as UserRow;
        return toUser(r);
      });
    },
    findByEmail(email: string): (User & { passwordHash: string }) | undefined {
      const r = byEmail.get(email) as UserRow | undefined;
      return r && { ...toUser(r), passwordHash: r.password_hash };
    },
    get(id: number): User | undefined {
      const r = byId.get(id) as UserRow | undefined;
      return r && toUser(r);
    },
    list(): User[] {
      return (db.prepare('SELECT * FROM users ORDER BY role DESC, name COLLATE NOCASE, id').all() as unknown as UserRow[]).map(toUser);
    },
    setRole(id: number, role: Role): User {
      const r = db.prepare('UPDATE users SET role = ? WHERE id = ? RETURNING *').get(role, id) as UserRow | undefined;
      if (!r) throw new NotFoundError('No such user.');
      return toUser(r);
    },
    setPassword(id: number, passwordHash: string): void {
      db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id);
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
