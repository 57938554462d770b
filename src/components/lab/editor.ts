import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

/** Follows Starlight's theme switch (the data-theme attribute on <html>). */
const isDark = () => document.documentElement.dataset.theme !== 'light';
const themeFor = (dark: boolean): Extension => (dark ? oneDark : syntaxHighlighting(defaultHighlightStyle, { fallback: true }));

export function languageFor(path: string): Extension {
  if (path.endsWith('.json')) return json();
  return javascript({ typescript: path.endsWith('.ts') });
}

const base = EditorView.theme({
  '&': { fontSize: '0.85rem', border: '1px solid var(--sl-color-gray-5)', borderRadius: '0.25rem' },
  '.cm-scroller': { fontFamily: 'var(--__sl-font-mono)', minHeight: '14rem', maxHeight: '32rem' },
  '&.cm-focused': { outline: '2px solid var(--sl-color-accent)' },
});

export interface LabEditor {
  view: EditorView;
  /** Shows a file, keeping each file's own undo history across tab switches. */
  open(path: string, text: string, readOnly: boolean): void;
  /** Replaces a file's text (reset, solution); its history starts over. */
  replace(path: string, text: string, readOnly: boolean): void;
  destroy(): void;
}

/** One CodeMirror view shared by the file tabs; each file keeps its own editor state. */
export function createEditor(parent: HTMLElement, options: { label: string; onChange(path: string, text: string): void; onRun(): void }): LabEditor {
  const language = new Compartment();
  const readOnly = new Compartment();
  const theme = new Compartment();
  const states = new Map<string, EditorState>();
  let current = '';
  const create = (path: string, text: string, ro: boolean) =>
    EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        EditorView.lineWrapping,
        keymap.of([{ key: 'Mod-Enter', run: () => (options.onRun(), true) }, indentWithTab, ...defaultKeymap, ...historyKeymap]),
        base,
        theme.of(themeFor(isDark())),
        language.of(languageFor(path)),
        readOnly.of([EditorState.readOnly.of(ro), EditorView.editable.of(!ro)]),
        EditorView.contentAttributes.of({ 'aria-label': `${options.label}: ${path}${ro ? ' (read-only)' : ''}` }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(path, u.state.doc.toString());
        }),
      ],
    });
  const view = new EditorView({ parent, state: EditorState.create({ doc: '' }) });
  const syncTheme = () => view.dispatch({ effects: theme.reconfigure(themeFor(isDark())) });
  const themeWatcher = new MutationObserver(syncTheme);
  themeWatcher.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const editor: LabEditor = {
    view,
    open(path, text, ro) {
      if (current) states.set(current, view.state);
      current = path;
      view.setState(states.get(path) ?? create(path, text, ro));
      syncTheme();
    },
    replace(path, text, ro) {
      states.set(path, create(path, text, ro));
      if (path === current) {
        view.setState(states.get(path)!);
        syncTheme();
      }
    },
    destroy() {
      themeWatcher.disconnect();
      view.destroy();
    },
  };
  return editor;
}
