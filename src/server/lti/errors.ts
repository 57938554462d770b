import { AppError, type ErrorCode } from '../errors';

/**
 * The LTI domain's one error: a launch, registration or service call that we refuse. `code` picks the 4xx status
 * through src/server/http/errors.ts; pages show `message` to the person in the LMS frame.
 */
export class LtiError extends AppError {
  constructor(code: Extract<ErrorCode, 'invalid_input' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict'>, message: string) {
    super(code, message);
    this.name = 'LtiError';
  }
}

export const rejected = (message: string) => new LtiError('unauthenticated', message);
export const refused = (message: string) => new LtiError('forbidden', message);
export const invalid = (message: string) => new LtiError('invalid_input', message);
