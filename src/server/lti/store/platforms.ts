import type { DatabaseSync } from 'node:sqlite';
import { now, parseJson } from '../../store/db';

export type PlatformStatus = 'pending' | 'approved' | 'refused';

export interface Platform {
  id: number;
  issuer: string;
  clientId: string;
  name: string;
  status: PlatformStatus;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  /** Origin the LMS serves its pages from: the frame-ancestors value once approved. */
  origin: string;
  source: 'dynamic' | 'manual';
  createdAt: string;
  deployments: string[];
}

interface Row {
  id: number;
  issuer: string;
  client_id: string;
  name: string;
  status: PlatformStatus;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  origin: string;
  source: 'dynamic' | 'manual';
  created_at: string;
}

export type NewPlatform = Omit<Platform, 'id' | 'createdAt'>;

/** Registered LMS platforms and their deployments. */
export function createPlatformsRepository(db: DatabaseSync) {
  const deploymentsOf = (id: number) =>
    (db.prepare('SELECT deployment_id FROM lti_deployments WHERE platform_id = ? ORDER BY deployment_id').all(id) as { deployment_id: string }[]).map((r) => r.deployment_id);
  const toPlatform = (r: Row): Platform => ({
    id: r.id,
    issuer: r.issuer,
    clientId: r.client_id,
    name: r.name,
    status: r.status,
    authorizationEndpoint: r.authorization_endpoint,
    tokenEndpoint: r.token_endpoint,
    jwksUri: r.jwks_uri,
    origin: r.origin,
    source: r.source,
    createdAt: r.created_at,
    deployments: deploymentsOf(r.id),
  });
  const addDeployment = (platformId: number, deploymentId: string) =>
    db.prepare('INSERT INTO lti_deployments (platform_id, deployment_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(platformId, deploymentId);
  return {
    /** A new platform; undefined when issuer + client id is already registered (changes go through platform-changes). */
    insert(p: NewPlatform): Platform | undefined {
      const r = db
        .prepare(
          `INSERT INTO lti_platforms (issuer, client_id, name, status, authorization_endpoint, token_endpoint, jwks_uri, origin, source, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (issuer, client_id) DO NOTHING
           RETURNING *`,
        )
        .get(p.issuer, p.clientId, p.name, p.status, p.authorizationEndpoint, p.tokenEndpoint, p.jwksUri, p.origin, p.source, now()) as unknown as Row | undefined;
      if (!r) return undefined;
      for (const d of p.deployments) addDeployment(r.id, d);
      return toPlatform(r);
    },
    addDeployment,
    get(id: number): Platform | undefined {
      const r = db.prepare('SELECT * FROM lti_platforms WHERE id = ?').get(id) as Row | undefined;
      return r && toPlatform(r);
    },
    findByIssuer(issuer: string, clientId?: string): Platform[] {
      const rows = (clientId
        ? db.prepare('SELECT * FROM lti_platforms WHERE issuer = ? AND client_id = ?').all(issuer, clientId)
        : db.prepare('SELECT * FROM lti_platforms WHERE issuer = ?').all(issuer)) as unknown as Row[];
      return rows.map(toPlatform);
    },
    list(): Platform[] {
      return (db.prepare('SELECT * FROM lti_platforms ORDER BY created_at, id').all() as unknown as Row[]).map(toPlatform);
    },
    setStatus(id: number, status: PlatformStatus): boolean {
      return Number(db.prepare('UPDATE lti_platforms SET status = ? WHERE id = ?').run(status, id).changes) > 0;
    },
    /** Origins an LMS showed its pages from during launches (its return URL, its platform URL). */
    addFrameOrigins(id: number, origins: string[]): void {
      const r = db.prepare('SELECT frame_origins FROM lti_platforms WHERE id = ?').get(id) as { frame_origins: string } | undefined;
      if (!r) return;
      const known = new Set(parseJson<string[]>(r.frame_origins, []));
      const before = known.size;
      for (const o of origins) if (known.size < 20) known.add(o);
      if (known.size !== before) db.prepare('UPDATE lti_platforms SET frame_origins = ? WHERE id = ?').run(JSON.stringify([...known]), id);
    },
    /** Where approved platforms show their pages: the frame-ancestors of pages an LMS may frame. */
    approvedOrigins(): string[] {
      const rows = db.prepare("SELECT origin, frame_origins FROM lti_platforms WHERE status = 'approved'").all() as { origin: string; frame_origins: string }[];
      return [...new Set(rows.flatMap((r) => [r.origin, ...parseJson<string[]>(r.frame_origins, [])]))].sort();
    },
  };
}
