/**
 * ARIA tabs: click or arrow keys / Home / End to move, roving tabindex so Tab leaves the tab list. Tabs are
 * read from the list each time, so tabs added later (registered panes) take part.
 */
export function setUpTabs(list: HTMLElement, onSelect: (tab: HTMLElement) => void) {
  const all = () => [...list.querySelectorAll<HTMLElement>('[role="tab"]')];
  function select(tab: HTMLElement, focus = false) {
    for (const t of all()) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
    }
    const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
    panel?.setAttribute('aria-labelledby', tab.id);
    if (focus) tab.focus();
    onSelect(tab);
  }
  list.addEventListener('click', (e) => {
    const tab = (e.target as HTMLElement).closest<HTMLElement>('[role="tab"]');
    if (tab) select(tab);
  });
  list.addEventListener('keydown', (e) => {
    const tabs = all();
    const index = tabs.indexOf(document.activeElement as HTMLElement);
    if (index < 0) return;
    const next =
      e.key === 'ArrowRight' ? tabs[(index + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(index - 1 + tabs.length) % tabs.length] : e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs.at(-1) : undefined;
    if (next) {
      e.preventDefault();
      select(next, true);
    }
  });
  return {
    get tabs() {
      return all();
    },
    select,
  };
}
