/**
 * Native modal dialogs (showModal: centred by CSS, the page behind is inert so focus stays inside), with
 * focus returned to the control that opened them.
 */
export function openModal(dialog: HTMLDialogElement): Promise<string> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) =>
    dialog.addEventListener(
      'close',
      () => {
        opener?.focus();
        resolve(dialog.returnValue);
      },
      { once: true },
    ),
  );
}

export async function confirmWith(dialog: HTMLDialogElement, title: string, text: string, action = 'Continue'): Promise<boolean> {
  dialog.querySelector('.lab-dialog-title')!.textContent = title;
  dialog.querySelector('.lab-dialog-text')!.textContent = text;
  dialog.querySelector<HTMLButtonElement>('button[value="ok"]')!.textContent = action;
  return (await openModal(dialog)) === 'ok';
}
