import type { RunResult } from './lab-client';
import { el, ms } from './render';

type Hop = RunResult['trace']['hops'][number];

/** One row of the waterfall: a hop, or identical subrequests in a row grouped ("10 × inventory.example 200, 3–9 ms"). */
export interface TraceRow {
  hop: Hop;
  count: number;
  startMs: number;
  endMs: number;
  minMs: number;
  maxMs: number;
}

const sameRequest = (a: Hop, b: Hop) =>
  a.kind === 'origin' && b.kind === 'origin' && a.worker === b.worker && a.status === b.status && a.via === b.via && a.origin === b.origin && a.error === b.error;

/** Hops in order, with runs of identical origin subrequests folded into one row each. */
export function traceRows(hops: readonly Hop[]): TraceRow[] {
  const rows: TraceRow[] = [];
  let clock = 0;
  for (const hop of hops) {
    // Traces recorded before start offsets existed: lay hops end to end rather than all at 0.
    const start = hop.startMs ?? clock;
    const end = start + hop.durationMs;
    clock = Math.max(clock, hop.startMs === undefined ? end : clock);
    const last = rows.at(-1);
    if (last && sameRequest(last.hop, hop)) {
      last.count++;
      last.startMs = Math.min(last.startMs, start);
      last.endMs = Math.max(last.endMs, end);
      last.minMs = Math.min(last.minMs, hop.durationMs);
      last.maxMs = Math.max(last.maxMs, hop.durationMs);
    } else rows.push({ hop, count: 1, startMs: start, endMs: end, minMs: hop.durationMs, maxMs: hop.durationMs });
  }
  return rows;
}

const whole = (n: number) => (n > 0 && n < 1 ? n.toFixed(1) : String(Math.round(n)));
/** "3–9 ms", or "4 ms" when every one took the same. */
export const range = (min: number, max: number) => (whole(min) === whole(max) ? `${whole(min)} ms` : `${whole(min)}–${whole(max)} ms`);

/** The label of a grouped row, e.g. "10 × inventory.example 200, 3–9 ms". */
export const groupLabel = (row: TraceRow) => `${row.count} × ${row.hop.worker} ${row.hop.status ?? 'no answer'}, ${range(row.minMs, row.maxMs)}`;

const kindLabel: Record<string, string> = { dispatcher: 'Dispatch Worker', user: 'User Worker', outbound: 'Outbound Worker', origin: 'Origin' };
const depth: Record<string, number> = { dispatcher: 0, user: 1, outbound: 2, origin: 3 };

function facts(hop: Hop): string {
  return [
    hop.kind === 'origin' ? (hop.origin === 'blocked' ? 'blocked by the lab' : hop.origin === 'stub' ? 'lab stub origin' : 'sandbox Cloudflare API') : null,
    hop.via ? `via ${hop.via}` : null,
    hop.kind !== 'origin' && hop.cpuMs !== null ? `≈${ms(hop.cpuMs)} CPU` : null,
    hop.kind !== 'origin' ? `${hop.subrequests} subrequest${hop.subrequests === 1 ? '' : 's'}` : null,
    hop.limits ? `limits ${JSON.stringify(hop.limits)}` : null,
    hop.violation ? `over its ${hop.violation === 'cpu' ? 'CPU' : 'subrequest'} limit` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Round tick steps for the time axis: about four ticks over the run. */
function ticks(total: number): number[] {
  const raw = total / 4;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 0.001)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = 0; t <= total + 1e-9; t += step) out.push(t);
  return out;
}

/**
 * The hops as a waterfall on one time axis (start offset and duration of each, like DevTools' network panel), the
 * bill beside it. Choosing a Worker's row filters the logs to that Worker.
 */
export function renderTrace(panel: HTMLElement, run: RunResult, onSelectHop: (worker: string) => void) {
  panel.replaceChildren();
  if (run.trace.hops.length === 0) {
    panel.append(el('p', 'lab-empty', 'No hops recorded in this run.'));
    return;
  }
  const rows = traceRows(run.trace.hops);
  const total = Math.max(1, ...rows.map((r) => r.endMs));
  const layout = el('div', 'lab-trace-layout');
  const chart = el('div', 'lab-waterfall');
  const axis = el('div', 'lab-waterfall-axis');
  axis.setAttribute('aria-hidden', 'true');
  for (const t of ticks(total)) {
    const tick = el('span', 'lab-waterfall-tick', `${whole(t)} ms`);
    tick.style.left = `${(t / total) * 100}%`;
    axis.append(tick);
  }
  const list = el('ol', 'lab-trace');
  list.setAttribute('aria-label', `The path of the request on a time axis of ${whole(total)} ms`);
  for (const row of rows) {
    const { hop } = row;
    const item = el('li', `lab-hop lab-hop-${hop.kind}${hop.error ? ' lab-hop-failed' : ''}`);
    item.style.setProperty('--depth', String(depth[hop.kind] ?? 0));
    const label = el('span', 'lab-hop-label');
    label.append(el('span', 'lab-hop-kind', kindLabel[hop.kind] ?? hop.kind), ' ');
    if (row.count > 1) label.append(el('strong', 'lab-hop-group', groupLabel(row)));
    else {
      label.append(el('strong', 'lab-hop-name', hop.worker), ' ');
      if (hop.status !== null) label.append(el('span', `lab-badge ${hop.status < 400 ? 'ok' : 'bad'}`, String(hop.status)));
    }
    const timing = row.count > 1 ? `from ${whole(row.startMs)} ms` : `starts at ${whole(row.startMs)} ms, takes ${ms(hop.durationMs)}`;
    const track = el('span', 'lab-hop-track');
    const bar = el('span', 'lab-hop-span');
    bar.style.left = `${(row.startMs / total) * 100}%`;
    bar.style.width = `max(3px, ${((row.endMs - row.startMs) / total) * 100}%)`;
    track.append(bar);
    const button = el('button', 'lab-hop-select');
    button.type = 'button';
    button.append(label, track, el('span', 'lab-hop-facts', [timing, facts(hop)].filter(Boolean).join(' · ')));
    if (hop.kind !== 'origin') {
      button.append(el('span', 'sr-only', ' (show its logs)'));
      button.addEventListener('click', () => onSelectHop(hop.worker));
    } else button.disabled = true;
    item.append(button);
    if (hop.error) item.append(el('p', 'lab-hop-error', row.count > 1 ? `${hop.error} (each of ${row.count})` : hop.error));
    list.append(item);
  }
  chart.append(axis, list);
  const bill = el('aside', 'lab-bill');
  bill.setAttribute('aria-label', 'The bill for this request');
  bill.append(el('h4', undefined, 'Bill'));
  const dl = el('dl');
  const line = (k: string, v: string) => dl.append(el('dt', undefined, k), el('dd', undefined, v));
  line('Requests', String(run.trace.billing.requests));
  line('CPU (all hops)', `≈${ms(run.trace.billing.cpuMs)}`);
  line('Subrequests', String(run.trace.hops.reduce((n, h) => n + h.subrequests, 0)));
  line('End to end', ms(run.durationMs));
  bill.append(dl, el('p', 'lab-note', run.trace.billing.cpuMeasurement));
  layout.append(chart, bill);
  panel.append(
    layout,
    el('p', 'lab-note', 'Bars start when each hop started and last as long as it took, measured inside workerd. End to end also includes uploading your Workers and starting the sandbox. Choose a Worker to see its logs.'),
  );
}
