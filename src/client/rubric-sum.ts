/** Grading form: keeps the "Score" read-out equal to the sum of the checked rubric items (capped at the max). */
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-rubric-form]')) {
  const out = form.querySelector<HTMLOutputElement>('output[data-rubric-total]')!;
  const max = Number(out.dataset.max);
  const update = () => {
    const total = [...form.querySelectorAll<HTMLInputElement>('input[name=rubric]:checked')].reduce((s, el) => s + Number(el.dataset.points), 0);
    out.value = `${Math.min(max, Math.round(total * 1000) / 1000)} / ${max}`;
  };
  form.addEventListener('change', update);
  update();
  form.addEventListener('submit', () => {
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) {
      button.textContent = 'Saving…';
      form.setAttribute('aria-busy', 'true');
    }
  });
}
