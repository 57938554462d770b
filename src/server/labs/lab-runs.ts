import { isLabError, type LabError, type RunResult, type Sandbox } from '../lab-engine';
import type { SourceLocation } from '../lab-engine/errors';
import type { CheckContext, CheckRun, PlatformConfig } from '../../schemas/lab';
import { parsePlatformConfig } from './platform-config';
import { applyLabFiles, labStateOf, mergeFiles } from './lab-sandbox';
import { mapLocation, mapMessage, mapRunLocations } from './locations';
import { PLATFORM_CONFIG_FILE, type Lab } from './registry';

export interface LabRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A run that never reached the runtime because the learner's files could not be loaded. */
function setupFailure(error: LabError, files: Record<string, unknown>): RunResult {
  const location = error.details?.file ? mapLocation(error.details as SourceLocation, files) : undefined;
  const message = mapMessage(error.message, error.details as SourceLocation | undefined, files);
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

/** Uploads the learner's files and sends one request through the lab's dispatch Worker. */
export async function runLab(sandbox: Sandbox, lab: Lab, given: Record<string, unknown>, request: LabRequest): Promise<RunResult> {
  let dispatcher: string;
  try {
    dispatcher = (await prepare(sandbox, lab, given)).dispatcher.name;
  } catch (error) {
    if (isLabError(error) && error.status !== 401 && error.status !== 409) return setupFailure(error, mergeFiles(lab, given));
    throw error;
  }
  return mapRunLocations(await sandbox.send({ ...request, script: dispatcher }), mergeFiles(lab, given));
}

export interface CheckResult {
  name: string;
  passed: boolean;
  message: string;
  durationMs: number;
}

class CheckFailure extends Error {}

/** Runs every check of the lab against the learner's files, reporting each result as it finishes. */
export async function checkLab(sandbox: Sandbox, lab: Lab, given: Record<string, unknown>, onResult: (r: CheckResult) => void): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let config: PlatformConfig | null = null;
  let setupError: string | null = null;
  try {
    config = await prepare(sandbox, lab, given);
  } catch (error) {
    if (!isLabError(error) || error.status === 401 || error.status === 409) throw error;
    setupError = error.message;
  }
  const state = labStateOf(sandbox, lab);
  const context: CheckContext = {
    async send(request): Promise<CheckRun> {
      return sandbox.send({ ...request, script: config!.dispatcher.name });
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
  for (const check of lab.definition.checks) {
    const started = performance.now();
    let result: CheckResult;
    if (setupError) result = { name: check.name, passed: false, message: `Your Workers could not be loaded: ${setupError}`, durationMs: 0 };
    else {
      try {
        await check.run(context);
        result = { name: check.name, passed: true, message: 'Passed.', durationMs: 0 };
      } catch (error) {
        const message = error instanceof CheckFailure ? error.message : `The check could not run: ${error instanceof Error ? error.message : String(error)}`;
        result = { name: check.name, passed: false, message, durationMs: 0 };
      }
    }
    result.durationMs = Math.round(performance.now() - started);
    results.push(result);
    onResult(result);
  }
  return results;
}
