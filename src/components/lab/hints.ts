import { el } from './render';

/**
 * Hints, one at a time, shown where the learner is looking: under the first failing check when the checks have
 * failed, else right under the toolbar. Nothing scrolls. After a new check run they move to the new failing check.
 */
export function createHints(section: HTMLElement, hints: readonly string[], say: (text: string) => void) {
  const toolbarList = section.querySelector<HTMLOListElement>('.lab-hints')!;
  const button = section.querySelector<HTMLButtonElement>('[data-action="hint"]')!;
  const checks = section.querySelector<HTMLElement>('.lab-panel[data-panel="checks"]')!;
  let shown = 0;

  const items = () =>
    hints.slice(0, shown).map((text, i) => {
      const item = el('li', 'lab-hint');
      item.append(el('strong', undefined, `Hint ${i + 1}: `), text);
      return item;
    });

  /** Puts the shown hints under the first failing check (visible), else under the toolbar; returns where. */
  function place(): string {
    for (const old of section.querySelectorAll('.lab-check-hints')) old.remove();
    toolbarList.replaceChildren();
    const failing = checks.hidden ? null : checks.querySelector<HTMLElement>('.lab-check.failed');
    if (failing) {
      const list = el('ol', 'lab-hints lab-check-hints');
      list.setAttribute('aria-label', 'Hints');
      list.append(...items());
      failing.append(list);
      return `under the failing check “${failing.querySelector('strong')?.textContent ?? ''}”`;
    }
    toolbarList.append(...items());
    return 'under the buttons';
  }

  return {
    next() {
      if (shown >= hints.length) return;
      shown++;
      const where = place();
      button.textContent = shown >= hints.length ? 'No more hints' : `Hint (${shown}/${hints.length})`;
      say(`Hint ${shown} of ${hints.length} shown ${where}.`);
    },
    /** After the checks ran again: follow the failing check. */
    replace() {
      if (shown) place();
    },
    reset() {
      shown = 0;
      place();
      button.textContent = 'Hint';
    },
  };
}
