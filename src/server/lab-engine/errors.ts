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
  | 'runtime_failed'
  /** An upload whose modules do not parse or whose module graph fails to load (Cloudflare code 10021). */
  | 'script_invalid'
  /** A call into a sandbox's runtime overran its time budget (the runtime was restarted). */
  | 'timeout'
  /** A storage write would pass the sandbox's LAB_STORAGE_MB quota (src/server/lab-engine/quota). */
  | 'quota_exceeded'
  /** The server's disk (or LAB_STORAGE_TOTAL_GB) has no room for another sandbox. */
  | 'storage_full';

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
  script_invalid: 400,
  timeout: 504,
  quota_exceeded: 413,
  storage_full: 507,
};

/** Where in an uploaded module something went wrong (`file` is the module name as uploaded). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export class LabError extends Error {
  readonly code: LabErrorCode;
  readonly status: number;
  readonly details: Partial<SourceLocation> | undefined;
  constructor(code: LabErrorCode, message: string, status = statusByCode[code], details?: Partial<SourceLocation>) {
    super(message);
    this.name = 'LabError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export const isLabError = (e: unknown): e is LabError => e instanceof LabError;
