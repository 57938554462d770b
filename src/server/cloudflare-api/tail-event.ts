import type { RunEvent } from '../lab-engine/sandbox';

/**
 * A run as the trace item `wrangler tail` receives over its WebSocket (Cloudflare's TailEventMessage):
 * the tailed Worker's own logs, its uncaught exceptions, the request and the response status.
 */
export interface TailEventMessage {
  outcome: 'ok' | 'exception' | 'exceededCpu' | 'exceededMemory' | 'canceled' | 'unknown';
  scriptName: string;
  scriptVersion?: { id: string };
  exceptions: Array<{ name: string; message: string; timestamp: number }>;
  logs: Array<{ message: unknown[]; level: string; timestamp: number }>;
  eventTimestamp: number;
  event: { request: { url: string; method: string; headers: Record<string, string>; cf?: Record<string, unknown> }; response?: { status: number } };
  diagnosticsChannelEvents: unknown[];
  truncated: boolean;
  executionModel: 'stateless';
  wallTime: number;
  cpuTime: number;
}

/** Cloudflare redacts these request headers in tail events. */
const REDACTED = new Set(['authorization', 'cookie', 'set-cookie', 'cf-access-client-secret', 'x-api-key']);

function exceptionOf(error: string, timestamp: number) {
  const match = /^([A-Za-z]*Error|[A-Z]\w*Exception): ?([\s\S]*)$/.exec(error);
  return { name: match?.[1] ?? 'Error', message: match?.[2] ?? error, timestamp };
}

export function tailEventOf(run: RunEvent, versionId?: string): TailEventMessage {
  const { result, script } = run;
  const hop = result.trace.hops.find((h) => h.kind !== 'origin' && h.worker === script && h.kind === 'dispatcher') ?? result.trace.hops.find((h) => h.worker === script);
  const own = result.logs.filter((l) => l.worker === script);
  const exceptions = hop?.error ? [exceptionOf(hop.error, run.startedAt + (hop.durationMs ?? 0))] : [];
  const logs = own.filter((l) => !(l.level === 'error' && l.message.startsWith('Uncaught '))).map((l) => ({ message: [l.message], level: l.level, timestamp: l.timestamp }));
  const contained = result.error?.kind;
  const outcome: TailEventMessage['outcome'] =
    hop?.violation === 'cpu' || contained === 'cpu' || contained === 'timeout'
      ? 'exceededCpu'
      : contained === 'memory'
        ? 'exceededMemory'
        : contained === 'cancelled'
          ? 'canceled'
          : hop?.error || contained
            ? 'exception'
            : 'ok';
  const headers = Object.fromEntries(Object.entries(run.request.headers).map(([k, v]) => [k.toLowerCase(), REDACTED.has(k.toLowerCase()) ? 'REDACTED' : v]));
  return {
    outcome,
    scriptName: script,
    ...(versionId ? { scriptVersion: { id: versionId } } : {}),
    exceptions,
    logs,
    eventTimestamp: Math.round(run.startedAt),
    event: { request: { url: run.request.url, method: run.request.method, headers }, ...(result.status !== null ? { response: { status: result.status } } : {}) },
    diagnosticsChannelEvents: [],
    truncated: result.logsTruncated,
    executionModel: 'stateless',
    wallTime: Math.round(hop?.durationMs ?? result.durationMs),
    cpuTime: Math.round(hop?.cpuMs ?? 0),
  };
}
