import { z } from 'zod';
import { LabError, type LabEngine } from '../lab-engine';
import { parseOrThrow } from '../lab-engine/validate';
import { provisionLabSandbox } from '../labs/lab-sandbox';
import { checkLab, ChecksStopped, runLab, type CheckResult } from '../labs/lab-runs';
import { findLab, type Lab } from '../labs/registry';
import { noStore, readJson } from './http';
import type { createRateLimiter } from './rate-limit';
import { admitSandbox, type AdmissionRequest } from './sandbox-admission';
import { authorisedSandbox } from './sandbox-routes';

type RateLimiter = ReturnType<typeof createRateLimiter>;
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

/** `201 { sandboxId, token }`, or `202` with a place in line when the server is full (see sandbox-admission). */
export async function createLabSandboxRoute(engine: LabEngine, labId: string | undefined, request: Request, admission: Omit<AdmissionRequest, 'wait'>) {
  const lab = labOrThrow(labId);
  return admitSandbox(engine, request, { ...admission, wait: 'always' }, async (sandbox) => {
    await provisionLabSandbox(engine, sandbox, lab);
    return Response.json({ sandboxId: sandbox.id, token: sandbox.token }, { status: 201, headers: noStore });
  });
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

/** JSON by default; with `Accept: application/x-ndjson`, stage lines then the result. */
export async function runLabRoute(engine: LabEngine, labId: string | undefined, sandboxId: string | undefined, request: Request, limiter: RateLimiter) {
  const lab = labOrThrow(labId);
  const sandbox = authorisedSandbox(engine, sandboxId, request, limiter);
  const input = parseOrThrow(runInputSchema, await readJson(request, MAX_LAB_JSON_BYTES), 'lab run');
  if (!wantsStream(request)) return Response.json(await runLab(sandbox, lab, input.files, input.request), { headers: noStore });
  return ndjson(async (line) => {
    try {
      const result = await runLab(sandbox, lab, input.files, input.request, { onStage: (stage) => line({ type: 'stage', stage }) });
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
  engine: LabEngine,
  labId: string | undefined,
  sandboxId: string | undefined,
  request: Request,
  limiter: RateLimiter,
  /** Records the pass; says where it was kept (the account, this browser until it signs in, or nowhere). */
  onPassed: (lab: Lab, files: Record<string, string>) => Promise<PassRecorded>,
) {
  const lab = labOrThrow(labId);
  const sandbox = authorisedSandbox(engine, sandboxId, request, limiter);
  const input = parseOrThrow(checkInputSchema, await readJson(request, MAX_LAB_JSON_BYTES), 'lab check');
  return ndjson(async (line) => {
    line({ type: 'start', total: lab.definition.checks.length });
    try {
      const results: CheckResult[] = await checkLab(sandbox, lab, input.files, {
        onCheckStart: (index, title) => line({ type: 'check-start', index, title }),
        onResult: (result) => line({ type: 'result', ...result }),
      });
      const passed = results.every((r) => r.passed);
      let recorded: PassRecorded = 'none';
      if (passed)
        recorded = await onPassed(lab, input.files).catch((error) => {
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

/** Stops the run or checks in flight in the learner's sandbox (Stop button). */
export async function stopLabRoute(engine: LabEngine, labId: string | undefined, sandboxId: string | undefined, request: Request, limiter: RateLimiter) {
  labOrThrow(labId);
  const sandbox = authorisedSandbox(engine, sandboxId, request, limiter);
  return Response.json({ stopped: await sandbox.cancel() }, { headers: noStore });
}

export function solutionRoute(labId: string | undefined) {
  const lab = labOrThrow(labId);
  const files = Object.fromEntries(lab.definition.files.filter((f) => f.editable).map((f) => [f.path, lab.solution[f.path]!]));
  return Response.json({ files }, { headers: noStore });
}
