import { isLabError, type RunResult, type Sandbox } from '../lab-engine';
import type { SourceLocation } from '../lab-engine/errors';
import { DEFAULT_CHECK_TIMEOUT_MS, type CheckContext, type CheckRun, type PlatformConfig } from '../../schemas/lab';
import { toLabLocation, withLabLocations } from './error-locations';
import { parsePlatformConfig } from './platform-config';
import { applyLabFiles, labStateOf, mergeFiles } from './lab-sandbox';
import { PLATFORM_CONFIG_FILE, type Lab } from './registry';

export interface LabRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What a run is doing, streamed to the workbench so long work shows progress. */
export type RunStage = 'starting' | 'uploading' | 'running';

/** A run that never reached the runtime because the learner's files could not be loaded. */
function setupFailure(message: string, location?: SourceLocation | null): RunResult {
  return {
    runId: '',
    status: null,
    headers: {},
    body: '',
    bodyTruncated: false,
    logs: [],
    logsTruncated: false,
    trace: { hops: [], billing: { requests: 1, cpuMs: 0, cpuMeasurement: '' } },
    error: { kind: 'startup', message, ...(location ? { location } : {}) },
    durationMs: 0,
  };
}

async function prepare(sandbox: Sandbox, lab: Lab, given: Record<string, unknown>) {
  const files = mergeFiles(lab, given);
  await applyLabFiles(sandbox, lab, files);
  return parsePlatformConfig(files[PLATFORM_CONFIG_FILE]!);
}

/** A learner's file that cannot be loaded is a result (with its location), not a server error. */
function asSetupFailure(sandbox: Sandbox, lab: Lab, error: unknown): RunResult {
  if (!isLabError(error) || error.status === 401 || error.status === 409) throw error;
  // The engine puts the failing module's file:line:column in the error's details (upload-time validation).
  const details = error.details as Partial<SourceLocation> | undefined;
  const given = (error as { location?: SourceLocation }).location ?? (details?.file && details.line ? (details as SourceLocation) : undefined);
  const location = given ? (toLabLocation(labStateOf(sandbox, lab).modules, given) ?? given) : null;
  return withLabLocations(setupFailure(error.message, location), labStateOf(sandbox, lab).modules);
}

export interface RunLabOptions {
  onStage?: (stage: RunStage) => void;
  signal?: AbortSignal;
}

/** Uploads the learner's files and sends one request through the lab's dispatch Worker. */
export async function runLab(sandbox: Sandbox, lab: Lab, given: Record<string, unknown>, request: LabRequest, opts: RunLabOptions = {}): Promise<RunResult> {
  let dispatcher: string;
  // Uploads are validated by loading them in the sandbox's runtime, so a cold runtime starts before the upload.
  if (!sandbox.runtimeRunning) opts.onStage?.('starting');
  opts.onStage?.('uploading');
  try {
    dispatcher = (await prepare(sandbox, lab, given)).dispatcher.name;
  } catch (error) {
    return asSetupFailure(sandbox, lab, error);
  }
  opts.onStage?.('running');
  const result = await sandbox.send({ ...request, script: dispatcher }, opts.signal ? { signal: opts.signal } : {});
  return withLabLocations(result, labStateOf(sandbox, lab).modules);
}

export interface CheckResult {
  name: string;
  passed: boolean;
  message: string;
  durationMs: number;
}

class CheckFailure extends Error {}
/** The learner pressed Stop: the remaining checks are not run. */
export class ChecksStopped extends Error {
  constructor() {
    super('Stopped by you.');
  }
}

export interface CheckLabOptions {
  onCheckStart?: (index: number, title: string) => void;
  onResult: (r: CheckResult) => void;
  signal?: AbortSignal;
}

/** Runs every check of the lab against the learner's files, reporting each as it starts and finishes. */
export async function checkLab(sandbox: Sandbox, lab: Lab, given: Record<string, unknown>, opts: CheckLabOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let config: PlatformConfig | null = null;
  let setupError: string | null = null;
  try {
    config = await prepare(sandbox, lab, given);
  } catch (error) {
    setupError = asSetupFailure(sandbox, lab, error).error!.message;
  }
  const state = labStateOf(sandbox, lab);
  let timeoutMs = DEFAULT_CHECK_TIMEOUT_MS;
  const context: CheckContext = {
    async send(request, options): Promise<CheckRun> {
      const budget = options?.timeoutMs ?? timeoutMs;
      const run = await sandbox.send({ ...request, script: config!.dispatcher.name }, { timeoutMs: budget, ...(opts.signal ? { signal: opts.signal } : {}) });
      if (run.error?.kind === 'cancelled') throw new ChecksStopped();
      return run;
    },
    async d1(resource) {
      return (await sandbox.d1(state.d1[resource]!)) as never;
    },
    async kv(resource) {
      return sandbox.kv(state.kv[resource]!);
    },
    async bindingsOf(worker) {
      const namespace = config?.namespace ?? lab.starterConfig.namespace;
      const stored = sandbox.state.listNamespaces().find((n) => n.name === namespace)?.scripts.get(worker);
      const names = (ids: Record<string, string>, id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0];
      return (stored?.metadata.bindings ?? []).map((b) => ({
        name: b.name,
        type: b.type,
        ...(b.type === 'd1' ? { resource: names(state.d1, b.id) } : b.type === 'kv_namespace' ? { resource: names(state.kv, b.namespace_id) } : {}),
        // Checks compare values with the platform's secrets (a renamed secret is still a leak); never sent to browsers.
        ...(b.type === 'secret_text' || b.type === 'plain_text' ? { text: b.text } : {}),
      }));
    },
    async tagsOf(worker) {
      const namespace = config?.namespace ?? lab.starterConfig.namespace;
      return sandbox.state.listNamespaces().find((n) => n.name === namespace)?.scripts.get(worker)?.tags ?? null;
    },
    async namespaceScripts(namespace) {
      const found = sandbox.state.listNamespaces().find((n) => n.name === namespace);
      return found ? [...found.scripts.keys()] : null;
    },
    fail(message): never {
      throw new CheckFailure(message);
    },
  };
  for (const [index, check] of lab.definition.checks.entries()) {
    if (opts.signal?.aborted) throw new ChecksStopped();
    opts.onCheckStart?.(index, check.name);
    timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const started = performance.now();
    let result: CheckResult;
    if (setupError) result = { name: check.name, passed: false, message: `Your Workers could not be loaded: ${setupError}`, durationMs: 0 };
    else {
      try {
        await check.run(context);
        result = { name: check.name, passed: true, message: 'Passed.', durationMs: 0 };
      } catch (error) {
        if (error instanceof ChecksStopped) throw error;
        const message = error instanceof CheckFailure ? error.message : `The check could not run: ${error instanceof Error ? error.message : String(error)}`;
        result = { name: check.name, passed: false, message, durationMs: 0 };
      }
    }
    result.durationMs = Math.round(performance.now() - started);
    results.push(result);
    opts.onResult(result);
  }
  return results;
}
