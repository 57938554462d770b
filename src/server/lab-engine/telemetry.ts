/**
 * What the host Worker records for a run (see runtime/host-*.worker.js). Only host code writes these:
 * identity comes from the props the host set on each stub, never from anything a lab Worker sends.
 */
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
      /** When the invocation started, on the isolate's monotonic clock (ms); absent in older records. */
      startMs?: number;
      cpuMs: number;
      subrequests: number;
      limits: { cpuMs?: number; subRequests?: number } | null;
      url: string;
      /** The exception's stack, for its location in the uploaded module. */
      stack?: string | null;
      /** Set for an RPC call through a dispatch namespace: the method called. */
      rpc?: string;
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
      /** When the subrequest left, on the same clock as hops' startMs, and how long its answer took (ms). */
      startMs?: number;
      ms?: number;
    };

export type DecodedLine = { kind: 'telemetry'; at: number; record: TelemetryRecord } | { kind: 'runtime'; at: number; level: string; message: string };
