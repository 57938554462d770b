import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { unifiedMergeView } from '@codemirror/merge';
import { languageFor } from './editor';

let view: EditorView | null = null;

/** Shows the learner's file with the solution's changes marked inline (deleted and inserted lines). */
export function showDiff(dialog: HTMLDialogElement, path: string, mine: string, solution: string) {
  const host = dialog.querySelector<HTMLElement>('.lab-diff')!;
  view?.destroy();
  host.replaceChildren();
  if (mine === solution) {
    host.textContent = `${path} already matches the solution.`;
  } else {
    view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: solution,
        extensions: [
          languageFor(path),
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          unifiedMergeView({ original: mine, mergeControls: false }),
          EditorView.contentAttributes.of({ 'aria-label': `Differences between your ${path} and the solution` }),
        ],
      }),
    });
  }
  dialog.showModal();
}
