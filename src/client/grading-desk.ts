/**
 * Grading desk shortcuts: 1–9 toggle rubric items, J/K go to the next/previous answer, S saves and moves on.
 * Ignored while typing in the comment box (or any field), and with modifier keys (browser shortcuts stay).
 */
const desk = document.querySelector<HTMLElement>('[data-grading-desk]');
const form = desk?.querySelector<HTMLFormElement>('form[data-rubric-form]');
if (desk && form) {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('textarea, input[type=text], select, [contenteditable]')) return;
    const key = event.key.toLowerCase();
    if (/^[1-9]$/.test(key)) {
      const box = form.querySelector<HTMLInputElement>(`input[name=rubric][data-key="${key}"]`);
      if (!box) return;
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change', { bubbles: true }));
      event.preventDefault();
    } else if (key === 'j' || key === 'k') {
      const link = desk.querySelector<HTMLAnchorElement>(`a[data-nav="${key === 'j' ? 'next' : 'prev'}"]`);
      if (link) {
        event.preventDefault();
        location.assign(link.href);
      }
    } else if (key === 's') {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}
