import { z } from 'zod';
import { AppError, InvalidInputError, type ErrorCode } from '../errors';
import { isLabError } from '../lab-engine/errors';
import { isStoreUnavailable } from '../store/connection';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
};

/** The one place domain errors become HTTP: `{ error: { code, message, details? } }`. */
export function errorResponse(error: unknown): Response {
  if (error instanceof z.ZodError) error = fromZod(error);
  // Lab engine errors carry their own status (413, 422, 501…): the lab server's vocabulary is wider.
  if (isLabError(error))
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
      { status: error.status, headers: { 'cache-control': 'no-store' } },
    );
  if (error instanceof AppError) {
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (error.code === 'rate_limited' && typeof error.details?.retryAfterSeconds === 'number') {
      headers['retry-after'] = String(error.details.retryAfterSeconds);
    }
    return Response.json({ error: { code: error.code, message: error.message, details: error.details } }, { status: STATUS[error.code], headers });
  }
  if (isStoreUnavailable(error)) {
    // The database is down or unreachable: say so (503, retry soon) instead of a generic 500.
    console.error(`Store unavailable (check DATABASE_URL / the database server): ${(error as Error).message}`);
    return Response.json(
      { error: { code: 'unavailable', message: 'The course database cannot be reached right now. Nothing you sent was saved; try again in a moment.' } },
      { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': '5' } },
    );
  }
  console.error(error);
  return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side. Your work was not lost; try again.' } }, { status: 500 });
}

export function statusOf(error: AppError): number {
  return STATUS[error.code];
}

/** Turns zod issues into one readable message plus a field → message map for forms. */
export function fromZod(error: z.ZodError): InvalidInputError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.') || '(body)'] ??= issue.message;
  const message = Object.entries(fields)
    .map(([field, msg]) => (field === '(body)' ? msg : `${field}: ${msg}`))
    .join('; ');
  return new InvalidInputError(message || 'Invalid input.', { fields });
}
