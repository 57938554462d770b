import type { CheckResult, RunResult } from './lab-client';

/** Renders results with DOM text only: everything here comes from learner code and must never be HTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const ms = (n: number | null) => (n === null ? '–' : `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`);

export function renderResponse(panel: HTMLElement, run: RunResult) {
  panel.replaceChildren();
  if (run.error) {
    const box = el('div', `lab-alert lab-alert-${run.error.kind === 'startup' ? 'error' : 'warn'}`);
    box.append(el('strong', undefined, run.error.kind === 'startup' ? 'Your code did not load' : 'The run was stopped'), el('p', undefined, run.error.message));
    panel.append(box);
  }
  if (run.status !== null) {
    const status = el('p', 'lab-status-line');
    status.append(el('span', `lab-badge ${run.status < 400 ? 'ok' : 'bad'}`, String(run.status)), ` in ${ms(run.durationMs)}`);
    panel.append(status);
    const headers = el('details', 'lab-headers');
    headers.append(el('summary', undefined, `Headers (${Object.keys(run.headers).length})`));
    headers.append(el('pre', undefined, Object.entries(run.headers).map(([k, v]) => `${k}: ${v}`).join('\n')));
    panel.append(headers, el('pre', 'lab-body', run.body === '' ? '(empty body)' : run.body));
    if (run.bodyTruncated) panel.append(el('p', 'lab-note', 'The body was cut: it was larger than the lab shows.'));
  }
}

export function renderLogs(panel: HTMLElement, run: RunResult) {
  panel.replaceChildren();
  if (run.logs.length === 0) {
    panel.append(el('p', 'lab-empty', 'No log lines in this run.'));
    return;
  }
  const list = el('ol', 'lab-logs');
  for (const line of run.logs) {
    const item = el('li', `lab-log lab-log-${line.level}`);
    item.append(el('span', 'lab-log-worker', line.worker), el('span', 'lab-log-level', line.level), el('span', 'lab-log-message', line.message));
    list.append(item);
  }
  panel.append(list);
  if (run.logsTruncated) panel.append(el('p', 'lab-note', 'The log was cut: too many lines.'));
}

const kindLabel: Record<string, string> = { dispatcher: 'Dispatch Worker', user: 'User Worker', outbound: 'Outbound Worker', origin: 'Origin' };

export function renderTrace(panel: HTMLElement, run: RunResult) {
  panel.replaceChildren();
  if (run.trace.hops.length === 0) {
    panel.append(el('p', 'lab-empty', 'No hops recorded in this run.'));
    return;
  }
  const list = el('ol', 'lab-trace');
  list.setAttribute('aria-label', 'The path of the request');
  for (const hop of run.trace.hops) {
    const item = el('li', `lab-hop lab-hop-${hop.kind}${hop.error ? ' lab-hop-failed' : ''}`);
    const title = el('div', 'lab-hop-title');
    title.append(el('span', 'lab-hop-kind', kindLabel[hop.kind] ?? hop.kind), el('strong', undefined, hop.worker));
    if (hop.status !== null) title.append(el('span', `lab-badge ${hop.status < 400 ? 'ok' : 'bad'}`, String(hop.status)));
    const facts = [
      hop.kind === 'origin' ? (hop.origin === 'blocked' ? 'blocked by the lab' : hop.origin === 'stub' ? 'lab stub origin' : 'sandbox Cloudflare API') : null,
      hop.via ? `via ${hop.via}` : null,
      hop.kind !== 'origin' ? `${ms(hop.durationMs)} wall` : null,
      hop.cpuMs !== null ? `≈${ms(hop.cpuMs)} CPU` : null,
      hop.kind !== 'origin' ? `${hop.subrequests} subrequest${hop.subrequests === 1 ? '' : 's'}` : null,
      hop.limits ? `limits ${JSON.stringify(hop.limits)}` : null,
      hop.violation ? `over its ${hop.violation === 'cpu' ? 'CPU' : 'subrequest'} limit` : null,
    ].filter(Boolean);
    item.append(title, el('p', 'lab-hop-facts', facts.join(' · ')));
    if (hop.error) item.append(el('p', 'lab-hop-error', hop.error));
    list.append(item);
  }
  panel.append(list);
  panel.append(el('p', 'lab-billing', `Billed as ${run.trace.billing.requests} request, ≈${ms(run.trace.billing.cpuMs)} CPU in total.`));
  panel.append(el('p', 'lab-note', run.trace.billing.cpuMeasurement));
}

export function renderCheckStart(panel: HTMLElement, total: number) {
  panel.replaceChildren(el('p', 'lab-progress', `Running ${total} checks…`), el('ol', 'lab-checks'));
}

export function renderCheckResult(panel: HTMLElement, result: CheckResult, index: number, total: number) {
  const list = panel.querySelector('.lab-checks') ?? panel.appendChild(el('ol', 'lab-checks'));
  const item = el('li', `lab-check ${result.passed ? 'passed' : 'failed'}`);
  item.append(el('span', 'lab-check-mark', result.passed ? '✓ Passed' : '✗ Failed'), el('strong', undefined, result.name));
  if (!result.passed) item.append(el('p', undefined, result.message));
  list.append(item);
  const progress = panel.querySelector('.lab-progress');
  if (progress) progress.textContent = index < total ? `Running check ${index + 1} of ${total}…` : '';
}

export function renderCheckSummary(panel: HTMLElement, passed: boolean, passedCount: number, total: number) {
  const progress = panel.querySelector('.lab-progress');
  if (progress) {
    progress.textContent = passed ? `All ${total} checks passed. Lab complete!` : `${passedCount} of ${total} checks passed.`;
    progress.className = `lab-progress ${passed ? 'passed' : 'failed'}`;
  }
}
