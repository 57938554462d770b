/** What the in-workerd code reports (see runtime/*.worker.js), decoded from marked log lines. */
export type TelemetryRecord =
  | { t: 'log'; w: string; level: string; msg: string; inv?: string }
  | { t: 'log-cut'; w: string; inv?: string }
  | {
      t: 'hop';
      w: string;
      role: 'dispatcher' | 'user' | 'outbound';
      inv: string;
      parent: string | null;
      namespace: string | null;
      status: number | null;
      error: string | null;
      violation: 'subrequests' | 'cpu' | null;
      wallMs: number;
      cpuMs: number;
      subrequests: number;
      limits: { cpuMs?: number; subRequests?: number } | null;
      url: string;
    }
  | { t: 'egress'; w: 'lab'; from: string; via: string; url: string; method: string; inv: string | null }
  | {
      t: 'origin';
      w: 'lab';
      from: string;
      kind: 'stub' | 'blocked' | 'cloudflare-api';
      url: string;
      method: string;
      status?: number;
      inv: string | null;
    }
  | { t: 'flush'; w: 'lab'; run: string };

export interface RuntimeLogLine {
  timestamp: number;
  level: string;
  message: string;
}

export type DecodedLine = { kind: 'telemetry'; at: number; record: TelemetryRecord } | { kind: 'runtime'; at: number; level: string; message: string };

/** Splits workerd's structured log lines into our telemetry (carrying the runtime's secret mark) and the rest. */
export function decodeLogLine(line: RuntimeLogLine, mark: string): DecodedLine {
  if (line.message.startsWith(mark)) {
    try {
      return { kind: 'telemetry', at: line.timestamp, record: JSON.parse(line.message.slice(mark.length)) as TelemetryRecord };
    } catch {
      /* fall through: report it as a plain line */
    }
  }
  return { kind: 'runtime', at: line.timestamp, level: line.level, message: line.message };
}
