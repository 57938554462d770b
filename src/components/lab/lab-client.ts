/**
 * The browser's only way to the lab server. A sandbox is created on first use and kept for the browser
 * session; when the server has cleaned it up (401), a fresh one is made and the call retried once.
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

export type CheckEvent =
  | { type: 'start'; total: number }
  | ({ type: 'result' } & CheckResult)
  | { type: 'done'; passed: boolean; passedCount: number; total: number }
  | { type: 'error'; message: string };

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

export function createLabClient(labId: string) {
  const key = `wfp-lab-sandbox:${labId}`;
  let credentials: Credentials | null = JSON.parse(sessionStorage.getItem(key) ?? 'null');

  async function newSandbox(): Promise<Credentials> {
    const { csrfToken } = await getMe();
    const res = await fetch(`/api/labs/${labId}/sandbox`, { method: 'POST', headers: csrfToken ? { 'x-csrf-token': csrfToken } : {} });
    if (!res.ok) throw new LabClientError(await errorMessage(res));
    credentials = (await res.json()) as Credentials;
    sessionStorage.setItem(key, JSON.stringify(credentials));
    return credentials;
  }

  async function call(path: string, body: unknown): Promise<Response> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const c = credentials ?? (await newSandbox());
      const { csrfToken } = await getMe();
      const res = await fetch(`/api/labs/${labId}/${path}?sandbox=${encodeURIComponent(c.sandboxId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}`, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
        body: JSON.stringify(body),
      });
      if ((res.status === 401 || res.status === 409) && attempt === 0) {
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
    async run(files: Record<string, string>, request: LabRequestInput): Promise<RunResult> {
      return (await call('run', { files, request })).json();
    },
    async check(files: Record<string, string>, onEvent: (e: CheckEvent) => void): Promise<void> {
      const res = await call('check', { files });
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
          if (line) onEvent(JSON.parse(line) as CheckEvent);
        }
      }
    },
    async solution(): Promise<Record<string, string>> {
      // POST: asking for the solution is recorded for a signed-in learner.
      const { csrfToken } = await getMe();
      const res = await fetch(`/api/labs/${labId}/solution`, { method: 'POST', headers: csrfToken ? { 'x-csrf-token': csrfToken } : {} });
      if (!res.ok) throw new LabClientError(await errorMessage(res));
      return ((await res.json()) as { files: Record<string, string> }).files;
    },
    /** The signed-in learner's saved work and whether they passed (null when not signed in). */
    async serverWork(): Promise<{ work: { files: Record<string, string>; updatedAt: string } | null; passed: boolean } | null> {
      if (!(await getMe()).user) return null;
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
