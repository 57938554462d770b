/**
 * Why a call to a runner failed in a way the web tier can repair: the runner is gone (connection refused,
 * timeout, 5xx from a proxy) or it no longer holds the sandbox. Both lead to re-creating the sandbox.
 */
export class RunnerError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'missing',
    message: string,
  ) {
    super(message);
    this.name = 'RunnerError';
  }
}

export const isRunnerError = (error: unknown): error is RunnerError => error instanceof RunnerError;

export const MOVED_NOTICE = 'Your lab moved to another machine: this run started it again from your saved work (one cold start).';
