import { LabError, isLabError, type LabErrorCode } from '../../lab-engine';
import { ChecksStopped } from '../../labs/lab-runs';
import { RunnerError } from '../errors';
import type { WireError } from './schemas';

/** Any error thrown by the local runner, as the runner API sends it. */
export function toWireError(error: unknown): WireError {
  if (error instanceof RunnerError) return { code: 'sandbox_missing', message: error.message, status: 404, runner: error.kind };
  if (error instanceof ChecksStopped) return { code: 'stopped', message: error.message, status: 409, stopped: true };
  if (isLabError(error)) return { code: error.code, message: error.message, status: error.status, ...(error.details ? { details: error.details } : {}) };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error), status: 500 };
}

/** The same error again on the web tier's side of the wire. */
export function fromWireError(wire: WireError): Error {
  if (wire.runner) return new RunnerError(wire.runner, wire.message);
  if (wire.stopped) return new ChecksStopped();
  if (wire.code === 'internal') return new Error(`lab runner: ${wire.message}`);
  return new LabError(wire.code as LabErrorCode, wire.message, wire.status, wire.details as never);
}
