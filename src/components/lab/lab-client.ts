/**
 * The browser's only way to the lab server. A sandbox is created on first use and kept for the browser
 * session. A sandbox whose machine was lost is restored by the server (a `notice` says so); only one the
 * server no longer knows (401: expired when idle) is replaced by a fresh one, and the learner is told.
 */
import { getMe } from '../../client/api-client';
import type { RunResult } from '../../server/lab-engine';
import type { CheckResult } from '../../server/labs/lab-runs';

export type { RunResult, CheckResult };

export interface LabRequestInput {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export type RunStage = 'queued' | 'waiting' | 'starting' | 'uploading' | 'running';
/** Progress of a run: a stage, a place in the server's queue for a sandbox, or a wait the server asked for. */
export type RunProgress = { stage: RunStage; position?: number; total?: number; seconds?: number };

export type CheckEvent =
  | { type: 'start'; total: number }
  | { type: 'check-start'; index: number; title: string }
  | ({ type: 'result' } & CheckResult)
  | { type: 'done'; passed: boolean; passedCount: number; total: number; recorded?: PassKept }
  | { type: 'error'; message: string; stopped?: boolean }
  | { type: 'notice'; message: string };

/** A run result, with the one line to show when the sandbox had to be started again. */
export type RunOutcome = RunResult & { notice?: string };

export const EXPIRED_NOTICE = 'Your lab sandbox had expired, so a new one was started from the lab\'s data (your code is kept).';

/** Where the server keeps a pass: the account, this browser's lab session until it signs in, or nowhere. */
export type PassKept = 'account' | 'browser' | 'none';

export class LabClientError extends Error {}

interface Credentials {
  sandboxId: string;
  token: string;
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? `The lab server answered ${res.status}.`;
  } catch {
    return `The lab server answered ${res.status}.`;
  }
}

/** Reads a newline-delimited JSON response, one event per line. */
async function readLines<T>(res: Response, onEvent: (e: T) => void): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) onEvent(JSON.parse(line) as T);
    }
  }
  if (buffered.trim()) onEvent(JSON.parse(buffered) as T);
}

export function createLabClient(labId: string) {
  const key = `wfp-lab-sandbox:${labId}`;
  let credentials: Credentials | null = JSON.parse(sessionStorage.getItem(key) ?? 'null');

  let onProgress: (p: RunProgress) => void = () => {};
  /** Set when the last call had to replace the sandbox; read (and cleared) by run and check. */
  let replaced: string | null = null;

  /** Gets a sandbox; when the server is full it answers 202 with a queue ticket, polled until 201. */
  async function newSandbox(signal?: AbortSignal): Promise<Credentials> {
    onProgress({ stage: 'starting' });
    let ticket: string | undefined;
    let waited = 0;
    for (;;) {
      const { csrfToken } = await getMe();
      const res = await fetch(`/api/labs/${labId}/sandbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
        body: JSON.stringify(ticket ? { ticket } : {}),
        ...(signal ? { signal } : {}),
      });
      if (res.status === 202) {
        const queued = (await res.json()) as { ticket: string; position: number; total: number; retryAfterMs?: number };
        ticket = queued.ticket;
        onProgress({ stage: 'queued', position: queued.position, total: queued.total });
        await new Promise((r) => setTimeout(r, Math.min(Math.max(queued.retryAfterMs ?? 1000, 250), 5000)));
        if (signal?.aborted) throw new LabClientError('Stopped by you.');
        continue;
      }
      if (res.status === 429) {
        // A rate limit that names a short wait is waited out (shown as progress), not shown as an error.
        const message = await errorMessage(res);
        const seconds = Number(res.headers.get('retry-after') ?? /wait (\d+) s/.exec(message)?.[1] ?? NaN);
        if (!Number.isFinite(seconds) || waited + seconds > 30) throw new LabClientError(message);
        waited += seconds;
        onProgress({ stage: 'waiting', seconds });
        await new Promise((r) => setTimeout(r, seconds * 1000));
        if (signal?.aborted) throw new LabClientError('Stopped by you.');
        continue;
      }
      if (!res.ok) throw new LabClientError(await errorMessage(res));
      credentials = (await res.json()) as Credentials;
      sessionStorage.setItem(key, JSON.stringify(credentials));
      return credentials;
    }
  }

  async function call(path: string, body: unknown, extraHeaders: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const c = credentials ?? (await newSandbox(signal));
      const { csrfToken } = await getMe();
      const res = await fetch(`/api/labs/${labId}/${path}?sandbox=${encodeURIComponent(c.sandboxId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}`, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}), ...extraHeaders },
        body: JSON.stringify(body),
      });
      if ((res.status === 401 || res.status === 409) && attempt === 0) {
        replaced = EXPIRED_NOTICE;
        credentials = null;
        sessionStorage.removeItem(key);
        continue;
      }
      if (!res.ok) throw new LabClientError(await errorMessage(res));
      return res;
    }
    throw new LabClientError('Could not get a lab sandbox. Try again.');
  }

  return {
    /** Sends one request; stages (queue, starting, uploading, running) arrive through `progress`. */
    async run(files: Record<string, string>, request: LabRequestInput, progress: (p: RunProgress) => void, signal?: AbortSignal): Promise<RunOutcome> {
      onProgress = progress;
      replaced = null;
      let result: RunOutcome | null = null;
      let failure: string | null = null;
      let notice: string | null = null;
      const res = await call('run', { files, request }, { accept: 'application/x-ndjson' }, signal);
      await readLines(res, (event: { type: string; stage?: RunStage; message?: string }) => {
        if (event.type === 'stage' && event.stage) progress({ stage: event.stage });
        else if (event.type === 'notice') notice = event.message ?? null;
        else if (event.type === 'result') result = event as unknown as RunOutcome;
        else if (event.type === 'error') failure = event.message ?? 'The run failed.';
      });
      if (!result) throw new LabClientError(failure ?? 'The run ended without a result. Try again.');
      const line = notice ?? replaced;
      return line ? { ...(result as RunOutcome), notice: line } : result;
    },
    async check(files: Record<string, string>, onEvent: (e: CheckEvent) => void, progress: (p: RunProgress) => void = () => {}, signal?: AbortSignal): Promise<void> {
      onProgress = progress;
      replaced = null;
      const res = await call('check', { files }, {}, signal);
      if (replaced) onEvent({ type: 'notice', message: replaced });
      await readLines(res, onEvent);
    },
    /** Asks the server to stop the run or checks in flight; true when something was stopped. */
    async stop(): Promise<boolean> {
      if (!credentials) return false;
      const { csrfToken } = await getMe();
      const res = await fetch(`/api/labs/${labId}/stop?sandbox=${encodeURIComponent(credentials.sandboxId)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${credentials.token}`, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
      });
      return res.ok && ((await res.json()) as { stopped: boolean }).stopped;
    },
    async solution(): Promise<Record<string, string>> {
      // POST: asking for the solution is recorded for a signed-in learner.
      const { csrfToken } = await getMe();
      const res = await fetch(`/api/labs/${labId}/solution`, { method: 'POST', headers: csrfToken ? { 'x-csrf-token': csrfToken } : {} });
      if (!res.ok) throw new LabClientError(await errorMessage(res));
      return ((await res.json()) as { files: Record<string, string> }).files;
    },
    /** The signed-in learner's saved work (null when not signed in), and whether the server has their pass and where. */
    async serverWork(): Promise<{ work: { files: Record<string, string>; updatedAt: string } | null; passed: boolean; kept: PassKept } | null> {
      const res = await fetch(`/api/labs/${labId}/work`, { cache: 'no-store' });
      return res.ok ? res.json() : null;
    },
    async saveServerWork(files: Record<string, string>): Promise<void> {
      const { user, csrfToken } = await getMe();
      if (!user) return;
      await fetch(`/api/labs/${labId}/work`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
        body: JSON.stringify({ files }),
      });
    },
    /** The lab's sandbox (made if needed), for the terminal to point wrangler at. */
    sandbox: async (): Promise<Credentials> => credentials ?? (await newSandbox()),
    /** Forgets the sandbox, so the next run starts from the lab's seeded data. */
    reset() {
      credentials = null;
      sessionStorage.removeItem(key);
    },
  };
}

export type LabClient = ReturnType<typeof createLabClient>;
