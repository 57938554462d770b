/**
 * Extra tabs in the results area (the terminal adds "Terminal"). Register one with
 *
 *   import { registerPane } from '../lab/panes';
 *   registerPane({ id: 'terminal', label: 'Terminal', mount(panel, lab) { … } });
 *
 * `mount` runs once per lab workbench, the first time its tab is shown, with the empty panel element and
 * the lab's id and section. Panes registered after a workbench opened are added to it too.
 */
export interface LabPaneContext {
  labId: string;
  section: HTMLElement;
}

export interface LabPane {
  /** Lower-case, unique: used in element ids and data-panel. */
  id: string;
  label: string;
  mount(panel: HTMLElement, lab: LabPaneContext): void;
}

const panes: LabPane[] = [];
const listeners = new Set<(pane: LabPane) => void>();

export function registerPane(pane: LabPane): void {
  if (panes.some((p) => p.id === pane.id)) return;
  panes.push(pane);
  for (const listener of listeners) listener(pane);
}

/** Calls `add` for every pane registered now and later; the workbench uses it to build tabs. */
export function onPanes(add: (pane: LabPane) => void): void {
  for (const pane of panes) add(pane);
  listeners.add(add);
}

/** Adds a tab and a panel to a workbench's results for every registered pane (now and later). */
export function addPaneTabs(section: HTMLElement, labId: string, tabList: HTMLElement, panels: Record<string, HTMLElement>): void {
  const mounted = new Set<string>();
  onPanes((pane) => {
    const tab = document.createElement('button');
    Object.assign(tab, { type: 'button', id: `lab-${labId}-out-${pane.id}`, textContent: pane.label, tabIndex: -1 });
    tab.setAttribute('role', 'tab');
    tab.dataset.panel = pane.id;
    tab.setAttribute('aria-selected', 'false');
    tab.setAttribute('aria-controls', `lab-${labId}-panel-${pane.id}`);
    tabList.append(tab);
    const panel = Object.assign(document.createElement('div'), { className: 'lab-panel', id: `lab-${labId}-panel-${pane.id}`, hidden: true, tabIndex: 0 });
    panel.dataset.panel = pane.id;
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', tab.id);
    section.querySelector('.lab-output')!.append(panel);
    panels[pane.id] = panel;
    // Mount the first time the panel is shown, whether by click or by arrow keys.
    const shown = new MutationObserver(() => {
      if (panel.hidden || mounted.has(pane.id)) return;
      mounted.add(pane.id);
      shown.disconnect();
      pane.mount(panel, { labId, section });
    });
    shown.observe(panel, { attributes: true, attributeFilter: ['hidden'] });
  });
}
