import type { APIRoute } from 'astro';
import { getStore } from '../../server/store/instance';

export const prerender = false;

const TIMEOUT_MS = 3_000;

/**
 * Readiness (for a load balancer or orchestrator): 200 when this process can reach its store, 503 with the reason
 * when it cannot. Liveness stays at /api/health, which never touches the database.
 */
export const GET: APIRoute = async () => {
  const store = getStore();
  const headers = { 'cache-control': 'no-store' };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the store did not answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
      }),
    ]);
    return Response.json({ status: 'ready', store: store.dialect }, { headers });
  } catch (error) {
    console.error(`Not ready: ${(error as Error).message}`);
    return Response.json(
      { status: 'unavailable', store: store.dialect, reason: reasonOf(error, store.dialect === 'postgres' ? 'DATABASE_URL' : 'COURSE_DATA_DIR') },
      { status: 503, headers },
    );
  } finally {
    clearTimeout(timer);
  }
};

/** Why, in words that help an operator without publishing hosts or user names (those go to the log). */
function reasonOf(error: unknown, setting: string): string {
  const code = String((error as { code?: unknown }).code ?? '');
  const why =
    code === 'ECONNREFUSED' || code === 'ECONNRESET'
      ? 'the database server refuses connections'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the database host name does not resolve'
        : code === '28P01' || code === '28000'
          ? 'the database refused the credentials'
          : code === '3D000'
            ? 'the database does not exist'
            : code.startsWith('57P')
              ? 'the database server is shutting down or starting up'
              : /did not answer/.test((error as Error).message)
                ? (error as Error).message
                : 'the store cannot be reached';
  return `${why} (check ${setting} and the database server; details in the server log)`;
}
