import type { RunResult } from '../../lab-engine';
import type { CheckResult } from '../../labs/lab-runs';
import { RunnerError } from '../errors';
import type { LabRunner } from '../types';
import { capacitySchema, RUNNER_API_PREFIX, wireErrorSchema } from './schemas';
import { fromWireError } from './wire-errors';

export interface RemoteRunnerOptions {
  id: string;
  /** e.g. http://10.0.0.5:4500 */
  url: string;
  secret: string;
  /** Longest a call may take before the runner counts as gone (runs and checks stream, so this is generous). */
  timeoutMs?: number;
}

/** Reads an NDJSON body line by line. */
async function* lines(response: Response): AsyncGenerator<Record<string, unknown>> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield JSON.parse(line) as Record<string, unknown>;
    }
  }
  if (buffered.trim()) yield JSON.parse(buffered) as Record<string, unknown>;
}

/** The runner API over HTTP, with the same interface (and errors) as the in-process runner. */
export function createRemoteRunner(options: RemoteRunnerOptions): LabRunner {
  const base = `${options.url.replace(/\/$/, '')}${RUNNER_API_PREFIX}`;
  const timeoutMs = options.timeoutMs ?? 120_000;

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${options.secret}`, ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new RunnerError('unavailable', `Lab runner ${options.id} at ${options.url} did not answer: ${(error as Error).cause ?? (error as Error).message}`);
    }
    // A proxy in front of a dead runner answers 502/503/504 without our error shape.
    if (response.status >= 400 && !(response.headers.get('content-type') ?? '').includes('json')) {
      if (response.status >= 500) throw new RunnerError('unavailable', `Lab runner ${options.id} answered ${response.status}.`);
    }
    return response;
  }

  async function expect<T>(response: Response): Promise<T> {
    if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
    const parsed = wireErrorSchema.safeParse(((await response.json().catch(() => ({}))) as { error?: unknown }).error);
    if (response.status === 401) throw new RunnerError('unavailable', `Lab runner ${options.id} refused our secret (LAB_RUNNER_SECRET differs).`);
    throw parsed.success ? fromWireError(parsed.data) : new RunnerError('unavailable', `Lab runner ${options.id} answered ${response.status}.`);
  }

  const post = (path: string, body?: unknown) => call(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const sandbox = (id: string) => `/sandboxes/${encodeURIComponent(id)}`;

  /** Streams events to `each`, returns the `done` line; a stream cut short means the runner died mid-call. */
  async function stream(response: Response, each: (event: Record<string, unknown>) => void): Promise<Record<string, unknown>> {
    if (!response.ok) return expect(response);
    try {
      for await (const event of lines(response)) {
        if (event.type === 'done') return event;
        if (event.type === 'error') throw fromWireError(wireErrorSchema.parse(event.error));
        each(event);
      }
    } catch (error) {
      if (error instanceof TypeError || (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError')
        throw new RunnerError('unavailable', `Lab runner ${options.id} stopped answering mid-call.`);
      throw error;
    }
    throw new RunnerError('unavailable', `Lab runner ${options.id} stopped answering mid-call.`);
  }

  return {
    id: options.id,
    create: async (input) => expect(await post('/sandboxes', input)),
    async run(id, input, onStage) {
      const done = await stream(await post(`${sandbox(id)}/run`, input), (e) => e.type === 'stage' && onStage?.(e.stage as never));
      return done.result as RunResult;
    },
    async check(id, input, callbacks) {
      const done = await stream(await post(`${sandbox(id)}/check`, input), (e) => {
        if (e.type === 'check-start') callbacks.onCheckStart?.(e.index as number, e.title as string);
        else if (e.type === 'result') callbacks.onResult(e.result as CheckResult);
      });
      return done.results as CheckResult[];
    },
    stop: async (id) => (await expect<{ stopped: boolean }>(await post(`${sandbox(id)}/stop`))).stopped,
    send: async (id, request) => expect<RunResult>(await post(`${sandbox(id)}/requests`, request)),
    async cloudflareApi(id, path, request) {
      const url = new URL(request.url);
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array(await request.arrayBuffer());
      const headers: Record<string, string> = {};
      // user-agent: the API records uploads by wrangler as last_deployed_from "wrangler"; the API base header
      // gives the public URLs the API hands out (live tails, D1 import uploads).
      for (const name of ['content-type', 'accept', 'if-match', 'if-none-match', 'user-agent', 'x-wfp-lab-api-base']) {
        const value = request.headers.get(name);
        if (value) headers[name] = value;
      }
      const response = await call(`${sandbox(id)}/cloudflare${path}${url.search}`, { method: request.method, headers, ...(body ? { body } : {}) });
      if (response.status === 404 && (response.headers.get('content-type') ?? '').includes('json')) {
        const copy = response.clone();
        const error = wireErrorSchema.safeParse(((await copy.json().catch(() => ({}))) as { error?: unknown }).error);
        if (error.success && error.data.runner) throw fromWireError(error.data);
      }
      if (response.status === 401 && !(await response.clone().text()).includes('"success"')) throw new RunnerError('unavailable', `Lab runner ${options.id} refused our secret.`);
      return response;
    },
    dispose: async (id) => expect<void>(await call(sandbox(id), { method: 'DELETE' })),
    capacity: async () => capacitySchema.parse(await expect(await call('/capacity'))),
    drain: async () => expect(await post('/admin/drain')),
    prepareFor: async (plan) => void (await expect(await post('/admin/prepare', plan))),
    cancelPrepared: async (labId, at) => void (await expect(await post('/admin/cancel-prepared', { labId, at }))),
  };
}
