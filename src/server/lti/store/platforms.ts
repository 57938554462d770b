import { inTransaction, now, parseJson, type SqlExecutor } from '../../store/db';

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
export function createPlatformsRepository(db: SqlExecutor) {
  const deploymentsOf = async (on: SqlExecutor, id: number) =>
    (await on.all<{ deployment_id: string }>('SELECT deployment_id FROM lti_deployments WHERE platform_id = ? ORDER BY deployment_id', [id])).map((r) => r.deployment_id);
  const toPlatform = async (r: Row, on: SqlExecutor = db): Promise<Platform> => ({
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
    deployments: await deploymentsOf(on, r.id),
  });
  const addDeployment = async (platformId: number, deploymentId: string, on: SqlExecutor = db): Promise<void> => {
    await on.run('INSERT INTO lti_deployments (platform_id, deployment_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [platformId, deploymentId]);
  };
  const all = async (rows: Row[]) => Promise.all(rows.map((r) => toPlatform(r)));
  return {
    /** A new platform; undefined when issuer + client id is already registered (changes go through platform-changes). */
    async insert(p: NewPlatform): Promise<Platform | undefined> {
      return inTransaction(db, async (tx) => {
        const r = await tx.get<Row>(
          `INSERT INTO lti_platforms (issuer, client_id, name, status, authorization_endpoint, token_endpoint, jwks_uri, origin, source, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (issuer, client_id) DO NOTHING
           RETURNING *`,
          [p.issuer, p.clientId, p.name, p.status, p.authorizationEndpoint, p.tokenEndpoint, p.jwksUri, p.origin, p.source, now()],
        );
        if (!r) return undefined;
        for (const d of p.deployments) await addDeployment(r.id, d, tx);
        return toPlatform(r, tx);
      });
    },
    addDeployment: (platformId: number, deploymentId: string) => addDeployment(platformId, deploymentId),
    async get(id: number): Promise<Platform | undefined> {
      const r = await db.get<Row>('SELECT * FROM lti_platforms WHERE id = ?', [id]);
      return r && toPlatform(r);
    },
    async findByIssuer(issuer: string, clientId?: string): Promise<Platform[]> {
      const rows = clientId
        ? await db.all<Row>('SELECT * FROM lti_platforms WHERE issuer = ? AND client_id = ?', [issuer, clientId])
        : await db.all<Row>('SELECT * FROM lti_platforms WHERE issuer = ?', [issuer]);
      return all(rows);
    },
    async list(): Promise<Platform[]> {
      return all(await db.all<Row>('SELECT * FROM lti_platforms ORDER BY created_at, id'));
    },
    async setStatus(id: number, status: PlatformStatus): Promise<boolean> {
      return (await db.run('UPDATE lti_platforms SET status = ? WHERE id = ?', [status, id])).changes > 0;
    },
    /** Origins an LMS showed its pages from during launches (its return URL, its platform URL). */
    async addFrameOrigins(id: number, origins: string[]): Promise<void> {
      await inTransaction(db, async (tx) => {
        const r = await tx.get<{ frame_origins: string }>('SELECT frame_origins FROM lti_platforms WHERE id = ?', [id]);
        if (!r) return;
        const known = new Set(parseJson<string[]>(r.frame_origins, []));
        const before = known.size;
        for (const o of origins) if (known.size < 20) known.add(o);
        if (known.size !== before) await tx.run('UPDATE lti_platforms SET frame_origins = ? WHERE id = ?', [JSON.stringify([...known]), id]);
      });
    },
    /** Where approved platforms show their pages: the frame-ancestors of pages an LMS may frame. */
    async approvedOrigins(): Promise<string[]> {
      const rows = await db.all<{ origin: string; frame_origins: string }>("SELECT origin, frame_origins FROM lti_platforms WHERE status = 'approved'");
      return [...new Set(rows.flatMap((r) => [r.origin, ...parseJson<string[]>(r.frame_origins, [])]))].sort();
    },
  };
}
