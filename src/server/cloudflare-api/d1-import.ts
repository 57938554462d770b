import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AccountState } from '../lab-engine/account-state';
import { isLabError } from '../lab-engine/errors';
import type { D1Handle } from '../lab-engine/storage-handles';
import { jsonBody, readBodyCapped } from './body';
import { publicApiBase, type ApiAccount, type ApiHandler } from './context';
import { apiError, ok, validation } from './envelope';
import { splitSql } from './sql-split';

/**
 * D1's import flow, as `wrangler d1 execute --remote --file` drives it: `init` hands out an upload URL
 * (on the platform a presigned R2 URL; here a one-time URL on the sandbox API), the file is PUT there
 * without credentials, `ingest` runs it as one transaction and `poll` reports the outcome.
 */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const TTL_MS = 10 * 60_000;
const MAX_PENDING = 64;

interface PendingImport {
  accountId: string;
  database: string;
  etag: string;
  sql?: string;
  expires: number;
}

const pending = new Map<string, PendingImport>();

function sweep() {
  const now = Date.now();
  for (const [key, p] of pending) if (p.expires < now) pending.delete(key);
  while (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
}

const importSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('init'), etag: z.string().min(1).max(64) }),
  z.object({ action: z.literal('ingest'), filename: z.string().min(1), etag: z.string().min(1).max(64) }),
  z.object({ action: z.literal('poll'), current_bookmark: z.string().optional() }),
]);

/** Runs every statement of an SQL text as one batch (D1 batches are transactions). */
export async function runStatements(db: D1Handle, sql: string) {
  const statements = splitSql(sql);
  if (statements.length === 0) throw validation('The SQL contains no statements.');
  const started = performance.now();
  try {
    const results = await db.batch(statements.map((s) => db.prepare(s)));
    return { statements, results, duration: performance.now() - started };
  } catch (error) {
    if (isLabError(error) && error.code === 'timeout') throw error;
    throw validation(`D1 query failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const sum = (results: Array<{ meta: Record<string, unknown> }>, field: string) => results.reduce((n, r) => n + (Number(r.meta[field]) || 0), 0);

export function importHandler(findDatabase: (s: AccountState, idOrName: string) => { uuid: string }): ApiHandler {
  return async ({ params, request, account }) => {
    const body = await jsonBody(request, importSchema, 'import request');
    const database = account.read((s) => findDatabase(s, params.db!)).uuid;
    if (body.action === 'init') {
      sweep();
      const filename = `${randomBytes(18).toString('base64url')}.sql`;
      pending.set(filename, { accountId: account.accountId, database, etag: body.etag, expires: Date.now() + TTL_MS });
      if (!account.token) throw apiError(501, 7000, 'D1 imports are not available from inside a running Worker.');
      const upload_url = `${publicApiBase(request)}/accounts/${account.accountId}/d1/database/${params.db}/import-upload/${filename}?token=${encodeURIComponent(account.token)}`;
      return ok({ success: true, filename, upload_url });
    }
    if (body.action === 'poll') return ok({ success: true, status: 'complete', type: 'import', at_bookmark: body.current_bookmark ?? '', messages: [], errors: [] });
    const job = pending.get(body.filename);
    if (!job || job.accountId !== account.accountId || job.database !== database || job.sql === undefined)
      throw apiError(400, 7500, `No uploaded file ${body.filename} for this database: run the import again from "init".`);
    if (job.etag !== body.etag) throw validation('The etag does not match the uploaded file.');
    pending.delete(body.filename);
    return ok(await ingest(account, database, job.sql));
  };
}

async function ingest(account: ApiAccount, database: string, sql: string) {
  const bookmark = randomBytes(8).toString('hex');
  try {
    const { statements, results, duration } = await runStatements(await account.d1(database), sql);
    const meta = { duration, rows_read: sum(results, 'rows_read'), rows_written: sum(results, 'rows_written'), changes: sum(results, 'changes'), size_after: Math.max(0, ...results.map((r) => Number(r.meta.size_after) || 0)) };
    return { success: true, status: 'complete', type: 'import', at_bookmark: bookmark, messages: [], errors: [], result: { success: true, num_queries: statements.length, final_bookmark: bookmark, meta } };
  } catch (error) {
    if (isLabError(error) && error.code === 'timeout') throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { success: true, status: 'error', type: 'import', at_bookmark: bookmark, messages: [], errors: [message] };
  }
}

/** The credential-free upload URL `init` handed out; answers with the MD5 ETag wrangler checks. */
export async function receiveImportUpload(accountId: string, filename: string, request: Request): Promise<Response> {
  const job = pending.get(filename);
  if (!job || job.accountId !== accountId || job.sql !== undefined || job.expires < Date.now())
    return new Response('Unknown or used upload URL.', { status: 403 });
  const bytes = Buffer.from(await (await readBodyCapped(request, MAX_IMPORT_BYTES, 'SQL file')).arrayBuffer());
  job.sql = bytes.toString('utf8');
  const etag = createHash('md5').update(bytes).digest('hex');
  return new Response(null, { status: 200, headers: { etag: `"${etag}"` } });
}

/** `PUT …/import-upload/{file}` (routed like any API call; the URL's token authenticated it). */
export const importUploadHandler: ApiHandler = async ({ params, request, account }) => receiveImportUpload(account.accountId, params.file!, request);

export const IMPORT_UPLOAD_PATH = /^\/accounts\/[^/]+\/d1\/database\/[^/]+\/import-upload\/([A-Za-z0-9_-]+\.sql)$/;
