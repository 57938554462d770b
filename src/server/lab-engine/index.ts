export { createLabEngine, DEFAULT_LIMITS, type Admission, type LabEngine, type LabEngineOptions, type LabOwner, type PlaceOptions } from './engine';
export { createSandbox, type Sandbox, type SandboxIdentity, type RunResult } from './sandbox';
export { LabError, isLabError, type LabErrorCode, type SourceLocation } from './errors';
export type { LogEntry, TraceHop, RunTrace } from './run-result';
export type { WorkerUpload, Binding, StubOrigin, RunRequest } from './schemas';
