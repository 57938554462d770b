/**
 * The page's own confirmation dialog (a modal <dialog>, never the browser's native one): focus moves into it,
 * Escape cancels, and focus returns to the control that opened it.
 */
let dialog: HTMLDialogElement | undefined;

function build(): HTMLDialogElement {
  const d = document.createElement('dialog');
  d.className = 'page-dialog';
  d.setAttribute('aria-labelledby', 'page-dialog-title');
  d.setAttribute('aria-describedby', 'page-dialog-text');
  d.innerHTML = `<h2 id="page-dialog-title" class="page-dialog-title"></h2><div id="page-dialog-text" class="page-dialog-text"></div>
<form method="dialog" class="page-dialog-actions"><button value="cancel" autofocus>Cancel</button><button value="ok" class="page-dialog-ok">Continue</button></form>`;
  document.body.append(d);
  return d;
}

/** Asks a question with the page's dialog; true when the learner chose `action`. Each line of `lines` is a paragraph. */
export function confirmOnPage(title: string, lines: string[], action = 'Continue'): Promise<boolean> {
  dialog ??= build();
  const d = dialog;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  d.querySelector('.page-dialog-title')!.textContent = title;
  d.querySelector('.page-dialog-text')!.replaceChildren(
    ...lines.map((line) => {
      const p = document.createElement('p');
      p.textContent = line;
      return p;
    }),
  );
  d.querySelector<HTMLButtonElement>('.page-dialog-ok')!.textContent = action;
  d.returnValue = '';
  d.showModal();
  return new Promise((resolve) =>
    d.addEventListener(
      'close',
      () => {
        opener?.focus();
        resolve(d.returnValue === 'ok');
      },
      { once: true },
    ),
  );
}
