import { randomBytes } from 'node:crypto';
import { now, parseJson } from '../store/db';
import type { SqlExecutor } from '../store/sql/driver';
import { classSettingsSchema, type ClassSettings } from './schemas';

export type ClassRole = 'learner' | 'instructor';

export interface CourseClass {
  id: number;
  name: string;
  joinCode: string;
  isDefault: boolean;
  /** Set for classes an LMS context made: platform, deployment and context id. */
  lti: { platformId: number; deploymentId: string; contextId: string } | null;
  settings: ClassSettings;
  createdBy: number | null;
  createdAt: string;
}

interface Row {
  id: number;
  name: string;
  join_code: string;
  is_default: number;
  platform_id: number | null;
  deployment_id: string | null;
  context_id: string | null;
  settings: string;
  created_by: number | null;
  created_at: string;
}

const toClass = (r: Row): CourseClass => ({
  id: Number(r.id),
  name: r.name,
  joinCode: r.join_code,
  isDefault: Number(r.is_default) === 1,
  lti: r.platform_id === null ? null : { platformId: Number(r.platform_id), deploymentId: r.deployment_id ?? '', contextId: r.context_id ?? '' },
  settings: classSettingsSchema.catch(classSettingsSchema.parse({})).parse(parseJson(r.settings, {})),
  createdBy: r.created_by === null ? null : Number(r.created_by),
  createdAt: r.created_at,
});

/** Readable, unambiguous join codes (no 0/O/1/I). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newJoinCode(): string {
  return [...randomBytes(10)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** Classes, their members, class invitations, site administrators and site settings. */
export function createClassesRepository(db: SqlExecutor) {
  const one = async (sql: string, params: unknown[]) => {
    const r = await db.get<Row>(sql, params);
    return r && toClass(r);
  };
  return {
    async create(input: { name: string; createdBy: number | null; lti?: CourseClass['lti']; settings?: ClassSettings }): Promise<CourseClass> {
      const r = await db.get<Row>(
        `INSERT INTO classes (name, join_code, platform_id, deployment_id, context_id, settings, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        [input.name, newJoinCode(), input.lti?.platformId ?? null, input.lti?.deploymentId ?? null, input.lti?.contextId ?? null, JSON.stringify(input.settings ?? {}), input.createdBy, now()],
      );
      return toClass(r!);
    },
    get: (id: number) => one('SELECT * FROM classes WHERE id = ?', [id]),
    findByCode: (code: string) => one('SELECT * FROM classes WHERE join_code = ?', [code.trim().toUpperCase()]),
    findByContext: (platformId: number, deploymentId: string, contextId: string) =>
      one('SELECT * FROM classes WHERE platform_id = ? AND deployment_id = ? AND context_id = ?', [platformId, deploymentId, contextId]),
    defaultClass: () => one('SELECT * FROM classes WHERE is_default = 1 ORDER BY id LIMIT 1', []),
    async list(): Promise<CourseClass[]> {
      return (await db.all<Row>('SELECT * FROM classes ORDER BY id')).map(toClass);
    },
    async update(id: number, patch: { name?: string; settings?: ClassSettings }): Promise<void> {
      if (patch.name !== undefined) await db.run('UPDATE classes SET name = ? WHERE id = ?', [patch.name, id]);
      if (patch.settings !== undefined) await db.run('UPDATE classes SET settings = ? WHERE id = ?', [JSON.stringify(patch.settings), id]);
    },
    /** Adds a member; an instructor stays an instructor when they join again as a learner. */
    async addMember(classId: number, userId: number, role: ClassRole): Promise<void> {
      await db.run(
        `INSERT INTO class_members (class_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (class_id, user_id) DO UPDATE SET role = CASE WHEN excluded.role = 'instructor' THEN 'instructor' ELSE class_members.role END`,
        [classId, userId, role, now()],
      );
    },
    async setMemberRole(classId: number, userId: number, role: ClassRole): Promise<boolean> {
      return (await db.run('UPDATE class_members SET role = ? WHERE class_id = ? AND user_id = ?', [role, classId, userId])).changes > 0;
    },
    async removeMember(classId: number, userId: number): Promise<boolean> {
      return (await db.run('DELETE FROM class_members WHERE class_id = ? AND user_id = ?', [classId, userId])).changes > 0;
    },
    async roleIn(classId: number, userId: number): Promise<ClassRole | undefined> {
      return (await db.get<{ role: ClassRole }>('SELECT role FROM class_members WHERE class_id = ? AND user_id = ?', [classId, userId]))?.role;
    },
    async members(classId: number): Promise<{ userId: number; role: ClassRole; joinedAt: string }[]> {
      const rows = await db.all<{ user_id: number; role: ClassRole; joined_at: string }>('SELECT user_id, role, joined_at FROM class_members WHERE class_id = ? ORDER BY role DESC, user_id', [classId]);
      return rows.map((r) => ({ userId: Number(r.user_id), role: r.role, joinedAt: r.joined_at }));
    },
    /** The classes a user belongs to, with their role in each. */
    async classesOf(userId: number): Promise<(CourseClass & { role: ClassRole })[]> {
      const rows = await db.all<Row & { role: ClassRole }>('SELECT c.*, m.role FROM classes c JOIN class_members m ON m.class_id = c.id WHERE m.user_id = ? ORDER BY c.id', [userId]);
      return rows.map((r) => ({ ...toClass(r), role: r.role }));
    },
    async addInvite(tokenHash: string, classId: number): Promise<void> {
      await db.run('INSERT INTO class_invites (token_hash, class_id) VALUES (?, ?) ON CONFLICT (token_hash) DO NOTHING', [tokenHash, classId]);
    },
    async inviteClass(tokenHash: string): Promise<number | undefined> {
      const r = await db.get<{ class_id: number }>('SELECT class_id FROM class_invites WHERE token_hash = ?', [tokenHash]);
      return r ? Number(r.class_id) : undefined;
    },
    async isAdmin(userId: number): Promise<boolean> {
      return (await db.get('SELECT 1 AS x FROM site_admins WHERE user_id = ?', [userId])) !== undefined;
    },
    async setAdmin(userId: number, admin: boolean): Promise<void> {
      if (admin) await db.run('INSERT INTO site_admins (user_id, granted_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING', [userId, now()]);
      else await db.run('DELETE FROM site_admins WHERE user_id = ?', [userId]);
    },
    async admins(): Promise<number[]> {
      return (await db.all<{ user_id: number }>('SELECT user_id FROM site_admins ORDER BY user_id')).map((r) => Number(r.user_id));
    },
    async setting(key: string): Promise<string | undefined> {
      return (await db.get<{ value: string }>('SELECT value FROM site_settings WHERE key = ?', [key]))?.value;
    },
    async setSetting(key: string, value: string): Promise<void> {
      await db.run('INSERT INTO site_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },
  };
}

export type ClassesRepository = ReturnType<typeof createClassesRepository>;
