import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { openModal } from './dialogs';
import { languageFor } from './editor';

let destroy: () => void = () => {};

const readOnly = (path: string, label: string) => [
  languageFor(path),
  EditorState.readOnly.of(true),
  EditorView.editable.of(false),
  EditorView.lineWrapping,
  EditorView.contentAttributes.of({ 'aria-label': label }),
];

/** Your file and the solution's, side by side (default) or inline with deletions and insertions marked. */
export function showDiff(dialog: HTMLDialogElement, path: string, mine: string, solution: string) {
  const host = dialog.querySelector<HTMLElement>('.lab-diff')!;
  const modes = [...dialog.querySelectorAll<HTMLButtonElement>('[data-diff-mode]')];
  const draw = (mode: string) => {
    destroy();
    host.replaceChildren();
    for (const b of modes) b.setAttribute('aria-pressed', String(b.dataset.diffMode === mode));
    if (mine === solution) {
      host.textContent = `${path} already matches the solution.`;
      destroy = () => {};
    } else if (mode === 'split') {
      const view = new MergeView({
        parent: host,
        a: { doc: mine, extensions: readOnly(path, `Your ${path}`) },
        b: { doc: solution, extensions: readOnly(path, `The solution's ${path}`) },
      });
      destroy = () => view.destroy();
    } else {
      const view = new EditorView({
        parent: host,
        state: EditorState.create({
          doc: solution,
          extensions: [...readOnly(path, `Differences between your ${path} and the solution`), unifiedMergeView({ original: mine, mergeControls: false })],
        }),
      });
      destroy = () => view.destroy();
    }
  };
  for (const b of modes) b.onclick = () => draw(b.dataset.diffMode!);
  draw('split');
  return openModal(dialog);
}
