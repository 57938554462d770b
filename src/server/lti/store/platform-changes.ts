import { now, parseJson } from '../../store/db';
import type { SqlExecutor } from '../../store/sql/driver';

export type ChangeStatus = 'pending' | 'approved' | 'refused';

/** What a re-registration asked to change on an existing platform. */
export interface PlatformChange {
  id: number;
  platformId: number;
  name: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  origin: string;
  deployments: string[];
  status: ChangeStatus;
  createdAt: string;
}

export type ProposedChange = Omit<PlatformChange, 'id' | 'status' | 'createdAt'>;

interface Row {
  id: number;
  platform_id: number;
  name: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  origin: string;
  deployments: string;
  status: ChangeStatus;
  created_at: string;
}

const toChange = (r: Row): PlatformChange => ({
  id: Number(r.id),
  platformId: Number(r.platform_id),
  name: r.name,
  authorizationEndpoint: r.authorization_endpoint,
  tokenEndpoint: r.token_endpoint,
  jwksUri: r.jwks_uri,
  origin: r.origin,
  deployments: parseJson<string[]>(r.deployments, []),
  status: r.status,
  createdAt: r.created_at,
});

/** Pending changes to registered platforms; nothing here touches a platform until an administrator approves. */
export function createPlatformChangesRepository(db: SqlExecutor) {
  return {
    /** One pending change per platform: a newer re-registration replaces the older pending one. */
    async propose(c: ProposedChange): Promise<PlatformChange> {
      await db.run("DELETE FROM lti_platform_changes WHERE platform_id = ? AND status = 'pending'", [c.platformId]);
      const r = await db.get<Row>(
        `INSERT INTO lti_platform_changes (platform_id, name, authorization_endpoint, token_endpoint, jwks_uri, origin, deployments, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING *`,
        [c.platformId, c.name, c.authorizationEndpoint, c.tokenEndpoint, c.jwksUri, c.origin, JSON.stringify(c.deployments), now()],
      );
      return toChange(r!);
    },
    async get(id: number): Promise<PlatformChange | undefined> {
      const r = await db.get<Row>('SELECT * FROM lti_platform_changes WHERE id = ?', [id]);
      return r && toChange(r);
    },
    async pending(): Promise<PlatformChange[]> {
      return (await db.all<Row>("SELECT * FROM lti_platform_changes WHERE status = 'pending' ORDER BY id")).map(toChange);
    },
    /** Applies a pending change to its platform: endpoints, keys URL and new deployments. False when not pending. */
    async approve(id: number, by: number | null): Promise<boolean> {
      const c = await this.get(id);
      if (!c || c.status !== 'pending') return false;
      await db.run('UPDATE lti_platforms SET name = ?, authorization_endpoint = ?, token_endpoint = ?, jwks_uri = ?, origin = ? WHERE id = ?', [
        c.name, c.authorizationEndpoint, c.tokenEndpoint, c.jwksUri, c.origin, c.platformId,
      ]);
      for (const d of c.deployments) await db.run('INSERT INTO lti_deployments (platform_id, deployment_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [c.platformId, d]);
      await db.run("UPDATE lti_platform_changes SET status = 'approved', decided_at = ?, decided_by = ? WHERE id = ?", [now(), by, id]);
      return true;
    },
    async refuse(id: number, by: number | null): Promise<boolean> {
      const r = await db.run("UPDATE lti_platform_changes SET status = 'refused', decided_at = ?, decided_by = ? WHERE id = ? AND status = 'pending'", [now(), by, id]);
      return r.changes > 0;
    },
    /** Marks a registration superseded by a newer one of the same issuer: its launches are refused from then on. */
    async markReplaced(platformId: number, by: number): Promise<boolean> {
      const r = await db.run('UPDATE lti_platforms SET replaced_by = ? WHERE id = ? AND id <> ?', [by, platformId, by]);
      return r.changes > 0;
    },
    async replacedBy(platformId: number): Promise<number | null> {
      const r = await db.get<{ replaced_by: number | null }>('SELECT replaced_by FROM lti_platforms WHERE id = ?', [platformId]);
      return r?.replaced_by == null ? null : Number(r.replaced_by);
    },
  };
}

export type PlatformChangesRepository = ReturnType<typeof createPlatformChangesRepository>;
