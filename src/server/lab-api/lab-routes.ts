import { z } from 'zod';
import { LabError, type RunResult } from '../lab-engine';
import { parseOrThrow } from '../lab-engine/validate';
import { ChecksStopped, type CheckResult } from '../labs/lab-runs';
import { findLab, type Lab } from '../labs/registry';
import type { SandboxRecord } from '../lab-runner/store/sandboxes';
import type { LabServices } from '../lab-runner/web-services';
import { bearerToken, noStore, readJson } from './http';
import type { Limiter } from './rate-limit';
import { admitSandbox, type AdmissionRequest } from './sandbox-admission';
import { authorisedRecord, withNotice } from './sandbox-routes';

type RateLimiter = Limiter;
const MAX_LAB_JSON_BYTES = 2 * 1024 * 1024;

const filesSchema = z.record(z.string(), z.string()).default({});
const runInputSchema = z.object({
  files: filesSchema,
  request: z.object({
    method: z.string().regex(/^[A-Z]+$/, 'an upper-case HTTP method').default('GET'),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().optional(),
  }),
});
const checkInputSchema = z.object({ files: filesSchema });

export function labOrThrow(id: string | undefined): Lab {
  const lab = findLab(id ?? '');
  if (!lab) throw new LabError('not_found', `There is no lab "${id}".`);
  return lab;
}

/** `201 { sandboxId, token }`, or `202` with a place in line when every runner is full (see sandbox-admission). */
export async function createLabSandboxRoute(labs: LabServices, labId: string | undefined, request: Request, admission: Omit<AdmissionRequest, 'wait'>) {
  const lab = labOrThrow(labId);
  return admitSandbox(labs, request, lab.definition.id, { ...admission, wait: 'always' }, async (sandbox) =>
    Response.json({ sandboxId: sandbox.id, token: sandbox.token }, { status: 201, headers: noStore }),
  );
}

const wantsStream = (request: Request) => (request.headers.get('accept') ?? '').includes('application/x-ndjson');

/** A response that streams one JSON object per line, written by `job`. */
function ndjson(job: (line: (value: unknown) => void) => Promise<void>): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      await job((value) => controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`)));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', ...noStore } });
}

/** A sandbox made for another lab is refused like before (409: the workbench resets). */
function forLab(record: SandboxRecord, lab: Lab) {
  if (record.lab_id !== lab.definition.id)
    throw new LabError('invalid_input', `This sandbox was not created for the lab "${lab.definition.id}". Reset the lab to get a new one.`, 409);
}

/**
 * JSON by default; with `Accept: application/x-ndjson`, stage lines then the result. Served by the runner
 * that holds the sandbox; when it had to be re-created elsewhere, a `notice` says so (one line, once).
 */
export async function runLabRoute(labs: LabServices, labId: string | undefined, sandboxId: string | undefined, request: Request, limiter: RateLimiter) {
  const lab = labOrThrow(labId);
  const record = await authorisedRecord(labs, sandboxId, request, limiter);
  forLab(record, lab);
  const input = parseOrThrow(runInputSchema, await readJson(request, MAX_LAB_JSON_BYTES), 'lab run');
  const token = bearerToken(request);
  const run = (onStage?: (stage: string) => void, onNotice?: (message: string) => void) =>
    labs.fleet.call(record, token, (runner) => runner.run(record.id, { labId: lab.definition.id, files: input.files, request: input.request }, onStage), onNotice);
  if (!wantsStream(request)) {
    let notice: string | null = null;
    const result: RunResult & { notice?: string } = await run(undefined, (n) => (notice = n));
    if (notice) result.notice = notice;
    return Response.json(result, { headers: withNotice(notice) });
  }
  return ndjson(async (line) => {
    try {
      const result = await run((stage) => line({ type: 'stage', stage }), (message) => line({ type: 'notice', message }));
      line({ type: 'result', ...result });
    } catch (error) {
      line({ type: 'error', message: error instanceof LabError ? error.message : 'The run could not be completed. Try again.' });
    }
  });
}

/** Where a pass was kept: on the account, under this browser's anonymous lab session until it signs in, or not at all. */
export type PassRecorded = 'account' | 'browser' | 'none';

/** Streams a line as each check starts and finishes (with its duration), then a summary. */
export async function checkLabRoute(
  labs: LabServices,
  labId: string | undefined,
  sandboxId: string | undefined,
  request: Request,
  limiter: RateLimiter,
  /** Records the pass; says where it was kept (the account, this browser until it signs in, or nowhere). */
  onPassed: (lab: Lab, files: Record<string, string>, record: SandboxRecord) => Promise<PassRecorded>,
) {
  const lab = labOrThrow(labId);
  const record = await authorisedRecord(labs, sandboxId, request, limiter);
  forLab(record, lab);
  const input = parseOrThrow(checkInputSchema, await readJson(request, MAX_LAB_JSON_BYTES), 'lab check');
  const token = bearerToken(request);
  return ndjson(async (line) => {
    line({ type: 'start', total: lab.definition.checks.length });
    try {
      const results: CheckResult[] = await labs.fleet.call(
        record,
        token,
        (runner) =>
          runner.check(record.id, { labId: lab.definition.id, files: input.files }, {
            onCheckStart: (index, title) => line({ type: 'check-start', index, title }),
            onResult: (result) => line({ type: 'result', ...result }),
          }),
        (message) => line({ type: 'notice', message }),
      );
      const passed = results.every((r) => r.passed);
      let recorded: PassRecorded = 'none';
      if (passed)
        recorded = await onPassed(lab, input.files, record).catch((error) => {
          console.error('[labs] could not record a passed lab', error);
          return 'none' as const;
        });
      line({ type: 'done', passed, passedCount: results.filter((r) => r.passed).length, total: results.length, ...(passed ? { recorded } : {}) });
    } catch (error) {
      const stopped = error instanceof ChecksStopped;
      line({ type: 'error', message: stopped || error instanceof LabError ? error.message : 'The checks could not run. Try again.', ...(stopped ? { stopped: true } : {}) });
    }
  });
}

/** Stops the run or checks in flight in the learner's sandbox (Stop button), on whichever runner holds it. */
export async function stopLabRoute(labs: LabServices, labId: string | undefined, sandboxId: string | undefined, request: Request, limiter: RateLimiter) {
  labOrThrow(labId);
  const record = await authorisedRecord(labs, sandboxId, request, limiter);
  const stopped = await labs.fleet.call(record, bearerToken(request), (runner) => runner.stop(record.id));
  return Response.json({ stopped }, { headers: noStore });
}

export function solutionRoute(labId: string | undefined) {
  const lab = labOrThrow(labId);
  const files = Object.fromEntries(lab.definition.files.filter((f) => f.editable).map((f) => [f.path, lab.solution[f.path]!]));
  return Response.json({ files }, { headers: noStore });
}
