import type { SourceLocation } from './errors';
import { locationOf } from './startup-errors';
import type { DecodedLine, TelemetryRecord } from './telemetry';

export interface LogEntry {
  /** The Worker that wrote the line: a script name, or "lab" / "runtime" for the sandbox itself. */
  worker: string;
  level: string;
  message: string;
  timestamp: number;
  /** For uncaught exceptions: where in the uploaded module (`file` as uploaded, e.g. `dispatcher.js`). */
  location?: SourceLocation;
}

export interface TraceHop {
  kind: 'dispatcher' | 'user' | 'outbound' | 'origin';
  worker: string;
  /** When the hop started, in ms after the run's first hop started (the trace's time axis, like a DevTools waterfall). */
  startMs?: number;
  namespace?: string;
  url: string;
  status: number | null;
  durationMs: number;
  cpuMs: number | null;
  subrequests: number;
  error: string | null;
  /** Which custom limit the invocation broke, if any. */
  violation?: 'subrequests' | 'cpu';
  limits?: { cpuMs?: number; subRequests?: number };
  /** For origin hops: who answered. */
  origin?: 'stub' | 'blocked' | 'cloudflare-api';
  /** For origin hops reached through an outbound Worker. */
  via?: string;
  /** For a user Worker called over RPC through the namespace (`env.DISPATCHER.get(name).method()`). */
  rpcMethod?: string;
}

export interface RunTrace {
  hops: TraceHop[];
  /** What the platform would bill: one request, CPU time summed over every Worker it passed through. */
  billing: { requests: 1; cpuMs: number; cpuMeasurement: string };
}

export const CPU_MEASUREMENT_NOTE =
  'Estimated locally as each invocation\'s wall time minus time spent awaiting subrequests; workerd exposes no per-isolate CPU counter.';

type Hop = Extract<TelemetryRecord, { t: 'hop' }>;
type Origin = Extract<TelemetryRecord, { t: 'origin' }>;
type Egress = Extract<TelemetryRecord, { t: 'egress' }>;

const round = (n: number) => Math.round(n * 100) / 100;

/** Orders the hops as the request travelled: dispatcher, then each user Worker with its outbound traffic. */
export function buildTrace(lines: DecodedLine[]): RunTrace {
  const records = lines.flatMap((l) => (l.kind === 'telemetry' ? [{ at: l.at, r: l.record }] : []));
  const hops = records.filter((x): x is { at: number; r: Hop } => x.r.t === 'hop');
  const origins = records.filter((x): x is { at: number; r: Origin } => x.r.t === 'origin').map((x) => x.r);
  const egress = records.filter((x): x is { at: number; r: Egress } => x.r.t === 'egress').map((x) => x.r);
  const started = (h: { at: number; r: Hop }) => h.at - h.r.wallMs;
  hops.sort((a, b) => started(a) - started(b));
  // Start offsets: on the isolate's monotonic clock when every record has it, else from the record times.
  const originRecords = records.filter((x): x is { at: number; r: Origin } => x.r.t === 'origin');
  const monotonic = hops.every((h) => typeof h.r.startMs === 'number') && originRecords.every((o) => typeof o.r.startMs === 'number');
  const hopStart = (h: { at: number; r: Hop }) => (monotonic ? h.r.startMs! : started(h));
  const originAt = new Map(originRecords.map((o) => [o.r, monotonic ? o.r.startMs! : o.at]));
  const base = Math.min(...hops.map(hopStart), ...originAt.values());
  const offset = (t: number | undefined) => (t === undefined || !Number.isFinite(base) ? {} : { startMs: round(Math.max(0, t - base)) });

  const toHop = (h: { at: number; r: Hop }): TraceHop => ({
    kind: h.r.role,
    worker: h.r.w,
    ...offset(hopStart(h)),
    ...(h.r.namespace ? { namespace: h.r.namespace } : {}),
    url: h.r.url,
    status: h.r.status,
    durationMs: round(h.r.wallMs),
    cpuMs: round(h.r.cpuMs),
    subrequests: h.r.subrequests,
    error: h.r.error,
    ...(h.r.violation ? { violation: h.r.violation } : {}),
    ...(h.r.limits ? { limits: h.r.limits } : {}),
    ...(h.r.rpc ? { rpcMethod: h.r.rpc } : {}),
  });
  const toOrigin = (o: Origin, via?: string): TraceHop => ({
    kind: 'origin',
    worker: new URL(o.url).host,
    ...offset(originAt.get(o)),
    url: o.url,
    status: o.status ?? null,
    durationMs: round(o.ms ?? 0),
    cpuMs: null,
    subrequests: 0,
    error: o.kind === 'blocked' ? 'Blocked: labs run offline' : null,
    origin: o.kind,
    ...(via ? { via } : {}),
  });

  const ordered: TraceHop[] = [];
  const usedOrigins = new Set<Origin>();
  const originsOf = (inv: string, via?: string) => {
    for (const o of origins) if (o.inv === inv && !usedOrigins.has(o)) (usedOrigins.add(o), ordered.push(toOrigin(o, via)));
  };
  for (const h of hops.filter((x) => x.r.role === 'dispatcher')) {
    ordered.push(toHop(h));
    originsOf(h.r.inv);
  }
  for (const h of hops.filter((x) => x.r.role === 'user')) {
    ordered.push(toHop(h));
    originsOf(h.r.inv);
    const viaOutbound = egress.filter((e) => e.inv === h.r.inv);
    for (const o of hops.filter((x) => x.r.role === 'outbound' && x.r.parent === h.r.inv)) {
      ordered.push(toHop(o));
      originsOf(o.r.inv, o.r.w);
    }
    if (viaOutbound.length > 0 && !hops.some((x) => x.r.role === 'outbound' && x.r.parent === h.r.inv))
      for (const e of viaOutbound) ordered.push({ kind: 'outbound', worker: e.via, url: e.url, status: null, durationMs: 0, cpuMs: null, subrequests: 0, error: 'The outbound Worker did not finish' });
  }
  for (const o of origins) if (!usedOrigins.has(o)) ordered.push(toOrigin(o));

  const cpuMs = round(hops.reduce((sum, h) => sum + h.r.cpuMs, 0));
  return { hops: ordered, billing: { requests: 1, cpuMs, cpuMeasurement: CPU_MEASUREMENT_NOTE } };
}

export interface CollectedLogs {
  logs: LogEntry[];
  truncated: boolean;
}

/** Turns decoded lines into the learner-facing log, capped by lines and characters. */
export function collectLogs(lines: DecodedLine[], caps: { maxLines: number; maxChars: number }): CollectedLogs {
  const logs: LogEntry[] = [];
  let chars = 0;
  let truncated = false;
  const push = (entry: LogEntry) => {
    if (logs.length >= caps.maxLines || chars + entry.message.length > caps.maxChars) {
      truncated = true;
      return;
    }
    chars += entry.message.length;
    logs.push(entry);
  };
  for (const line of lines) {
    if (line.kind === 'runtime') {
      push({ worker: 'runtime', level: line.level, message: line.message, timestamp: line.at });
      continue;
    }
    const r = line.record;
    if (r.t === 'log') push({ worker: r.w, level: r.level, message: r.msg, timestamp: line.at });
    else if (r.t === 'log-cut') {
      truncated = true;
      push({ worker: r.w, level: 'warn', message: `[lab] ${r.w} wrote too many log lines in one invocation; the rest were cut.`, timestamp: line.at });
    } else if (r.t === 'hop' && r.error) {
      const location = r.stack ? locationOf(r.stack) : undefined;
      const where = location ? ` at ${location.file}:${location.line}:${location.column}` : '';
      push({ worker: r.w, level: 'error', message: `Uncaught ${r.error}${where}`, timestamp: line.at, ...(location ? { location } : {}) });
    }
    else if (r.t === 'origin' && r.kind === 'blocked')
      push({ worker: 'lab', level: 'warn', message: `[lab] blocked ${r.method} ${r.url} from ${r.from}: labs run offline (only stub origins and api.cloudflare.com answer).`, timestamp: line.at });
  }
  if (truncated && logs.length > 0) logs.push({ worker: 'lab', level: 'warn', message: '[lab] The log was cut: too many lines or characters.', timestamp: Date.now() });
  return { logs, truncated };
}
