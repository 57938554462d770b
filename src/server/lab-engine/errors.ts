/**
 * Errors the engine raises on purpose. `code` is stable for callers (HTTP mapping, Cloudflare API codes);
 * `status` is the HTTP status a route should answer with. A learner's failing script is not an error:
 * it is part of a run result.
 */
export type LabErrorCode =
  | 'invalid_input'
  | 'invalid_script_name'
  | 'invalid_binding'
  | 'not_found'
  | 'already_exists'
  | 'unsupported'
  | 'limit_reached'
  | 'unauthorized'
  | 'runtime_failed';

const statusByCode: Record<LabErrorCode, number> = {
  invalid_input: 400,
  invalid_script_name: 400,
  invalid_binding: 400,
  not_found: 404,
  already_exists: 409,
  unsupported: 501,
  limit_reached: 429,
  unauthorized: 401,
  runtime_failed: 500,
};

export class LabError extends Error {
  readonly code: LabErrorCode;
  readonly status: number;
  constructor(code: LabErrorCode, message: string, status = statusByCode[code]) {
    super(message);
    this.name = 'LabError';
    this.code = code;
    this.status = status;
  }
}

export const isLabError = (e: unknown): e is LabError => e instanceof LabError;
