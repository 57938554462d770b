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
