import { z } from 'zod';
import type { AccountState } from '../lab-engine/account-state';
import { isLabError } from '../lab-engine/errors';
import { jsonBody, readBodyCapped } from './body';
import type { ApiHandler } from './context';
import { notFound, ok, okList, validation } from './envelope';
import type { Route } from './router';
import { importHandler, importUploadHandler, runStatements } from './d1-import';
import { splitSql } from './sql-split';
import { checkKvKey, checkKvMetadata, checkKvValue, KV_LIMITS } from './kv-limits';

const kvBase = '/accounts/:account_id/storage/kv/namespaces';
const d1Base = '/accounts/:account_id/d1/database';

const kvResult = (kv: { id: string; title: string }) => ({ id: kv.id, title: kv.title, supports_url_encoding: true });

const createKv: ApiHandler = async ({ request, account }) => {
  const { title } = await jsonBody(request, z.object({ title: z.string().min(1).max(512) }), 'request body');
  return ok(kvResult(await account.change((s) => s.createKvNamespace(title))));
};

const listKv: ApiHandler = async ({ account, query }) => okList(account.read((s) => s.listKvNamespaces().map(kvResult)), query);

const getKv: ApiHandler = async ({ params, account }) => ok(kvResult(account.read((s) => s.getKvNamespace(params.kv!))));

interface KvWrite {
  value: string;
  metadata?: unknown;
}

function parseMetadataText(text: string): unknown {
  checkKvMetadata(text);
  try {
    return JSON.parse(text);
  } catch {
    throw validation('KV metadata must be JSON.');
  }
}

/** The value is the raw body, or the "value" (and "metadata") parts of a multipart body (wrangler's and the SDK's shape). */
async function writeOf(request: Request): Promise<KvWrite> {
  const contentType = request.headers.get('content-type') ?? '';
  const body = await readBodyCapped(request, KV_LIMITS.valueBytes + 64 * 1024, 'KV value');
  if (!/^multipart\/form-data/i.test(contentType)) {
    checkKvValue(body.size);
    return { value: await body.text() };
  }
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData().catch(() => {
    throw validation('Malformed multipart body in a KV write.');
  });
  const value = form.get('value');
  if (value === null) throw validation('A multipart KV write needs a "value" part.');
  checkKvValue(typeof value === 'string' ? Buffer.byteLength(value) : value.size);
  const meta = form.get('metadata');
  const metadata = meta === null ? undefined : parseMetadataText(typeof meta === 'string' ? meta : await meta.text());
  return { value: typeof value === 'string' ? value : await value.text(), ...(metadata !== undefined ? { metadata } : {}) };
}

function expirationOf(query: URLSearchParams): { expirationTtl?: number; expiration?: number } {
  const ttl = query.get('expiration_ttl');
  const at = query.get('expiration');
  if (ttl !== null) {
    const expirationTtl = Number(ttl);
    if (!(Number.isInteger(expirationTtl) && expirationTtl >= 60)) throw validation('Invalid expiration_ttl of ' + ttl + '. Expiration TTL must be at least 60.');
    return { expirationTtl };
  }
  if (at !== null) {
    const expiration = Number(at);
    if (!(Number.isInteger(expiration) && expiration >= Date.now() / 1000 + 60))
      throw validation('Invalid expiration of ' + at + '. Expiration times must be at least 60 seconds in the future.');
    return { expiration };
  }
  return {};
}

const putValue: ApiHandler = async ({ params, request, query, account }) => {
  checkKvKey(params.key!);
  const expiry = expirationOf(query);
  const { value, metadata } = await writeOf(request);
  const options = { ...expiry, ...(metadata !== undefined ? { metadata } : {}) };
  await (await account.kv(params.kv!)).put(params.key!, value, Object.keys(options).length ? options : undefined);
  return ok({});
};

const getValue: ApiHandler = async ({ params, account }) => {
  const value = await (await account.kv(params.kv!)).get(params.key!);
  if (value === null) throw notFound(`get: key "${params.key}" not found`, 10009);
  return new Response(value, { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' } });
};

const deleteValue: ApiHandler = async ({ params, account }) => {
  await (await account.kv(params.kv!)).delete(params.key!);
  return ok({});
};

const listKeys: ApiHandler = async ({ params, query, account }) => {
  const limit = Math.min(1000, Math.max(10, Number(query.get('limit') ?? 1000) || 1000));
  const page = await (await account.kv(params.kv!)).list({ prefix: query.get('prefix') ?? undefined, limit, cursor: query.get('cursor') ?? undefined });
  const keys = page.keys.map((k) => ({ name: k.name, ...(k.expiration ? { expiration: k.expiration } : {}), ...(k.metadata ? { metadata: k.metadata } : {}) }));
  return ok(keys, { resultInfo: { count: keys.length, cursor: page.list_complete ? '' : (page.cursor ?? '') } });
};

const d1Result = (db: { uuid: string; name: string; createdAt: string }) => ({ uuid: db.uuid, name: db.name, created_at: db.createdAt, version: 'production', num_tables: 0, file_size: 0 });

const createD1: ApiHandler = async ({ request, account }) => {
  const { name } = await jsonBody(request, z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9-_]*$/, 'database names use lowercase letters, digits, "-" and "_"').max(64) }), 'request body');
  return ok(d1Result(await account.change((s) => s.createD1Database(name))));
};

const listD1: ApiHandler = async ({ account, query }) => okList(account.read((s) => s.listD1Databases().map(d1Result)), query);

/** Like the platform, a database is named by its uuid or its name (wrangler d1 execute uses the name). */
const findD1 = (s: AccountState, idOrName: string) => s.listD1Databases().find((d) => d.name === idOrName) ?? s.getD1Database(idOrName);

const getD1: ApiHandler = async ({ params, account }) => ok(d1Result(account.read((s) => findD1(s, params.db!))));

const param = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const querySchema = z.object({ sql: z.string().min(1, 'sql is required').max(100_000), params: z.array(param).max(100).optional() });

/**
 * Runs the statements of `sql` (one batch, like the platform); bound parameters need a single statement.
 * The result follows the API's `[{ results, success, meta }]`, one entry per statement.
 */
const queryD1: ApiHandler = async ({ params, request, account }) => {
  const { sql, params: values } = await jsonBody(request, querySchema, 'query');
  const db = await account.d1(account.read((s) => findD1(s, params.db!)).uuid);
  if (splitSql(sql).length > 1) {
    if (values?.length) throw validation('Bound parameters need a single statement; send one statement per query.');
    const { results } = await runStatements(db, sql);
    return ok(results.map((r) => ({ results: r.results, success: r.success, meta: r.meta })));
  }
  try {
    const result = await db.prepare(sql).bind(...(values ?? [])).all();
    return ok([{ results: result.results, success: result.success, meta: result.meta }]);
  } catch (error) {
    if (isLabError(error) && (error.code === 'timeout' || error.code === 'quota_exceeded')) throw error; // a runaway query (504), a full quota (413)
    throw validation(`D1 query failed: ${error instanceof Error ? error.message : String(error)}`);
  }
};

export const storageRoutes: Route[] = [
  { method: 'POST', pattern: kvBase, handler: createKv },
  { method: 'GET', pattern: kvBase, handler: listKv },
  { method: 'GET', pattern: `${kvBase}/:kv`, handler: getKv },
  { method: 'GET', pattern: `${kvBase}/:kv/keys`, handler: listKeys },
  { method: 'PUT', pattern: `${kvBase}/:kv/values/:key`, handler: putValue },
  { method: 'GET', pattern: `${kvBase}/:kv/values/:key`, handler: getValue },
  { method: 'DELETE', pattern: `${kvBase}/:kv/values/:key`, handler: deleteValue },
  { method: 'POST', pattern: d1Base, handler: createD1 },
  { method: 'GET', pattern: d1Base, handler: listD1 },
  { method: 'GET', pattern: `${d1Base}/:db`, handler: getD1 },
  { method: 'POST', pattern: `${d1Base}/:db/query`, handler: queryD1 },
  { method: 'POST', pattern: `${d1Base}/:db/import`, handler: importHandler(findD1) },
  { method: 'PUT', pattern: `${d1Base}/:db/import-upload/:file`, handler: importUploadHandler },
];
