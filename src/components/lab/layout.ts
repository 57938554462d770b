/** The resizable split between code and results, and focus mode (the lab over the whole window). */
export function setUpLayout(section: HTMLElement, onFocusChange: (on: boolean) => void = () => {}) {
  const split = section.querySelector<HTMLElement>('.lab-split')!;
  const divider = section.querySelector<HTMLElement>('.lab-divider')!;
  const toggle = section.querySelector<HTMLButtonElement>('[data-action="focus"]')!;
  const key = 'wfp-lab-split';
  const setSplit = (percent: number) => {
    const clamped = Math.min(80, Math.max(20, Math.round(percent)));
    split.style.setProperty('--lab-split', `${clamped}%`);
    divider.setAttribute('aria-valuenow', String(clamped));
    try {
      localStorage.setItem(key, String(clamped));
    } catch {
      /* storage disabled: the split is not remembered */
    }
  };
  const saved = Number(localStorage.getItem(key));
  if (saved) setSplit(saved);

  divider.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    divider.setPointerCapture(e.pointerId);
    const rect = split.getBoundingClientRect();
    const move = (m: PointerEvent) => setSplit(((m.clientX - rect.left) / rect.width) * 100);
    const up = () => {
      divider.removeEventListener('pointermove', move);
      divider.removeEventListener('pointerup', up);
    };
    divider.addEventListener('pointermove', move);
    divider.addEventListener('pointerup', up);
  });
  divider.addEventListener('keydown', (e) => {
    const now = Number(divider.getAttribute('aria-valuenow'));
    const step = e.key === 'ArrowLeft' ? -5 : e.key === 'ArrowRight' ? 5 : 0;
    if (e.key === 'Home') setSplit(20);
    else if (e.key === 'End') setSplit(80);
    else if (step) setSplit(now + step);
    else return;
    e.preventDefault();
  });

  let focusMode = false;
  // In focus mode the section moves to <body>: Starlight's columns form stacking contexts that a fixed
  // element inside them cannot rise above. A placeholder keeps its place in the lesson.
  const placeholder = document.createComment('lab in focus mode');
  const setFocus = (on: boolean) => {
    if (on === focusMode) return;
    focusMode = on;
    if (on) {
      section.replaceWith(placeholder);
      document.body.append(section);
    } else placeholder.replaceWith(section);
    section.classList.toggle('lab-focus', on);
    document.documentElement.classList.toggle('lab-focus-open', on);
    toggle.setAttribute('aria-pressed', String(on));
    toggle.textContent = on ? 'Exit focus mode' : 'Focus mode';
    onFocusChange(on);
    if (!on) section.scrollIntoView({ block: 'start' });
    toggle.focus();
  };
  toggle.addEventListener('click', () => setFocus(!focusMode));
  // Escape leaves focus mode, unless it is closing a dialog or leaving the editor (Escape then Tab).
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !focusMode || e.defaultPrevented) return;
    if ((e.target as HTMLElement).closest('.cm-editor, dialog')) return;
    setFocus(false);
  });
  return { setFocus, get focusMode() { return focusMode; } };
}
