/**
 * The domain's error vocabulary. Domain code throws these; src/server/http/errors.ts maps them to HTTP
 * in one place. Anything else that escapes is a bug and becomes a 500 without details.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'too_large';

// No TypeScript-only syntax (parameter properties, enums) here: the instructor:add script runs this file
// with Node's type stripping.
export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable detail for the client (e.g. which fields failed). */
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export class InvalidInputError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid_input', message, details);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to do this.') {
    super('unauthenticated', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this.') {
    super('forbidden', message);
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not_found', message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('conflict', message, details);
  }
}
export class RateLimitError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('rate_limited', message, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
