import type { RunProgress } from './lab-client';

const stageText = (p: RunProgress, check?: { index: number; total: number }): string => {
  if (p.stage === 'queued') return `The lab server is busy: you are number ${p.position ?? '?'} in the queue${p.total ? ` of ${p.total}` : ''}…`;
  if (p.stage === 'waiting') return `The lab server asks for a pause of ${p.seconds ?? 'a few'} s before starting your sandbox…`;
  if (check) return `Check ${check.index + 1} of ${check.total}`;
  return { starting: 'Starting your sandbox…', uploading: 'Uploading', running: 'Running' }[p.stage as 'starting' | 'uploading' | 'running'];
};

/**
 * The progress strip shown while a run or checks take longer than 300 ms: stage, elapsed timer and Stop.
 * Buttons are marked aria-disabled (not disabled) so the focused button keeps focus.
 */
export function createActivity(section: HTMLElement, onStop: () => void) {
  const strip = section.querySelector<HTMLElement>('.lab-activity')!;
  const stage = strip.querySelector<HTMLElement>('.lab-stage')!;
  const timer = strip.querySelector<HTMLElement>('.lab-timer')!;
  const stop = strip.querySelector<HTMLButtonElement>('[data-action="stop"]')!;
  stop.addEventListener('click', () => {
    if (stop.getAttribute('aria-disabled') !== 'true') onStop();
  });
  let started = 0;
  let tick: ReturnType<typeof setInterval> | undefined;
  let reveal: ReturnType<typeof setTimeout> | undefined;
  let progress: RunProgress = { stage: 'uploading' };
  let check: { index: number; total: number } | undefined;
  const draw = () => {
    stage.textContent = stageText(progress, check);
    timer.textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  };
  return {
    start(first: RunProgress = { stage: 'uploading' }) {
      started = performance.now();
      progress = first;
      check = undefined;
      stop.removeAttribute('aria-disabled');
      stop.textContent = 'Stop';
      draw();
      reveal = setTimeout(() => (strip.hidden = false), 300);
      tick = setInterval(draw, 100);
    },
    progress(p: RunProgress) {
      progress = p;
      draw();
    },
    check(index: number, total: number) {
      check = { index, total };
      progress = { stage: 'running' };
      draw();
    },
    stopping() {
      stop.setAttribute('aria-disabled', 'true');
      stop.textContent = 'Stopping…';
    },
    /** Hides the strip; true when it had focus (Stop), so the caller can move focus somewhere visible. */
    end(): boolean {
      const hadFocus = strip.contains(document.activeElement);
      clearTimeout(reveal);
      clearInterval(tick);
      strip.hidden = true;
      return hadFocus;
    },
  };
}
