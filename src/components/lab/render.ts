import type { CheckResult, RunResult } from './lab-client';

/** Renders results with DOM text only: everything here comes from learner code and must never be HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export const ms = (n: number | null) => (n === null ? '–' : `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`);

export interface Location {
  file: string;
  line: number;
  column: number;
}
/** Called when a learner follows a file:line:column link. */
export type OpenLocation = (location: Location) => void;

/** A button that reads like a link and jumps to the line in the editor. */
function locationLink(location: Location, open: OpenLocation, text?: string): HTMLButtonElement {
  const link = el('button', 'lab-location', text ?? `${location.file}:${location.line}:${location.column}`);
  link.type = 'button';
  link.title = `Go to ${location.file} line ${location.line}`;
  link.addEventListener('click', () => open(location));
  return link;
}

const errorTitle: Record<string, string> = { startup: 'Your code did not load', cancelled: 'You stopped the run' };

export function renderResponse(panel: HTMLElement, run: RunResult, open: OpenLocation) {
  panel.replaceChildren();
  if (run.error) {
    const box = el('div', `lab-alert lab-alert-${run.error.kind === 'startup' ? 'error' : 'warn'}`);
    const threw = run.error.kind === 'crash' && run.error.message.startsWith('The request failed inside the runtime');
    box.append(el('strong', undefined, threw ? 'Your Worker threw an exception' : (errorTitle[run.error.kind] ?? 'The run was stopped')));
    const text = el('p', undefined, run.error.message);
    box.append(text);
    if (run.error.location) {
      const where = el('p', 'lab-alert-where', 'At ');
      where.append(locationLink(run.error.location, open));
      box.append(where);
    }
    panel.append(box);
  }
  if (run.status !== null) {
    const status = el('p', 'lab-status-line');
    const first = run.trace.hops[0];
    status.append(el('span', `lab-badge ${run.status < 400 ? 'ok' : 'bad'}`, String(run.status)), ` in ${ms(run.durationMs)} end to end`);
    // workerd's clock only moves on I/O, so a Worker that just computes shows ~0 ms there: say what each figure is.
    if (first && first.kind !== 'origin') status.append(el('span', 'lab-note', ` (includes upload and start-up; ${first.worker} itself: ${first.durationMs < 0.1 ? 'under 0.1 ms' : ms(first.durationMs)} by workerd's clock)`));
    panel.append(status);
    panel.append(el('pre', 'lab-body', run.body === '' ? '(empty body)' : run.body));
    if (run.bodyTruncated) panel.append(el('p', 'lab-note', 'The body was cut: it was larger than the lab shows.'));
    const headers = el('details', 'lab-headers');
    headers.append(el('summary', undefined, `Headers (${Object.keys(run.headers).length})`));
    headers.append(el('pre', undefined, Object.entries(run.headers).map(([k, v]) => `${k}: ${v}`).join('\n')));
    panel.append(headers);
  }
  if (run.storage) panel.append(storageLine(run.storage));
}

const mib = (b: number) => `${(b / (1024 * 1024)).toFixed(b < 10 * 1024 * 1024 ? 2 : 1)} MiB`;

/** The sandbox's storage against its quota: writes past it fail, as on the platform. */
export function storageLine(s: { usedBytes: number; limitBytes: number }): HTMLElement {
  const line = el('p', 'lab-note lab-storage', `Storage: ${mib(s.usedBytes)} of ${mib(s.limitBytes)} used (KV, D1, cache and assets together).`);
  line.dataset.storageUsed = String(s.usedBytes);
  line.dataset.storageLimit = String(s.limitBytes);
  if (s.usedBytes >= s.limitBytes * 0.9) line.append(' ', el('strong', undefined, s.usedBytes >= s.limitBytes ? 'Full: new writes fail.' : 'Nearly full.'));
  return line;
}

/** Logs with filters by level and by Worker; `worker` preselects one (a hop chosen in the trace). */
export function renderLogs(panel: HTMLElement, run: RunResult, open: OpenLocation, worker = '') {
  panel.replaceChildren();
  if (run.logs.length === 0) {
    panel.append(el('p', 'lab-empty', worker ? `No log lines in this run (none from ${worker} either).` : 'No log lines in this run.'));
    return;
  }
  const filters = el('div', 'lab-log-filters');
  const select = (label: string, name: string, values: string[], value: string) => {
    const wrap = el('label', undefined);
    wrap.append(el('span', undefined, label));
    const s = el('select');
    s.name = name;
    for (const v of ['', ...values]) {
      const o = el('option', undefined, v || 'All');
      o.value = v;
      s.append(o);
    }
    s.value = value;
    wrap.append(s);
    filters.append(wrap);
    return s;
  };
  const levels = [...new Set(run.logs.map((l) => l.level))];
  const workers = [...new Set(run.logs.map((l) => l.worker))];
  const levelSelect = select('Level', 'level', levels, '');
  const workerSelect = select('Worker', 'worker', workers, workers.includes(worker) ? worker : '');
  const list = el('ol', 'lab-logs');
  const count = el('p', 'lab-note');
  const draw = () => {
    list.replaceChildren();
    const shown = run.logs.filter((l) => (!levelSelect.value || l.level === levelSelect.value) && (!workerSelect.value || l.worker === workerSelect.value));
    for (const line of shown) {
      const item = el('li', `lab-log lab-log-${line.level}`);
      item.append(el('span', 'lab-log-worker', line.worker), el('span', 'lab-log-level', line.level), el('span', 'lab-log-message', line.message));
      if (line.location) item.append(locationLink(line.location, open));
      list.append(item);
    }
    count.textContent = shown.length === run.logs.length ? `${shown.length} line${shown.length === 1 ? '' : 's'}` : `${shown.length} of ${run.logs.length} lines shown`;
  };
  levelSelect.addEventListener('change', draw);
  workerSelect.addEventListener('change', draw);
  draw();
  panel.append(filters, count, list);
  if (run.logsTruncated) panel.append(el('p', 'lab-note', 'The log was cut: too many lines.'));
}

export { renderTrace } from './trace-view';

export function renderCheckStart(panel: HTMLElement, total: number) {
  panel.replaceChildren(el('p', 'lab-progress', `Running ${total} checks…`), el('ol', 'lab-checks'));
}

export function renderCheckRunning(panel: HTMLElement, index: number, total: number, title: string) {
  const progress = panel.querySelector('.lab-progress');
  if (progress) progress.textContent = `Running check ${index + 1} of ${total}: ${title}`;
}

export function renderCheckResult(panel: HTMLElement, result: CheckResult, index: number, total: number) {
  const list = panel.querySelector('.lab-checks') ?? panel.appendChild(el('ol', 'lab-checks'));
  const item = el('li', `lab-check ${result.passed ? 'passed' : 'failed'}`);
  item.append(el('span', 'lab-check-mark', result.passed ? '✓ Passed' : '✗ Failed'), el('strong', undefined, result.name), el('span', 'lab-check-time', ms(result.durationMs)));
  if (!result.passed) item.append(el('p', undefined, result.message));
  list.append(item);
  const progress = panel.querySelector('.lab-progress');
  if (progress && index >= total) progress.textContent = '';
}

export function renderCheckSummary(panel: HTMLElement, passed: boolean, passedCount: number, total: number) {
  const progress = panel.querySelector('.lab-progress');
  if (progress) {
    progress.textContent = passed ? `All ${total} checks passed. Lab complete!` : `${passedCount} of ${total} checks passed.`;
    progress.className = `lab-progress ${passed ? 'passed' : 'failed'}`;
  }
}
