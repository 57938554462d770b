import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorSelection, EditorState, type Extension, type Text } from '@codemirror/state';
import { oneDarkHighlightStyle, oneDarkTheme } from '@codemirror/theme-one-dark';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

/** Follows Starlight's theme switch (the data-theme attribute on <html>). */
const isDark = () => document.documentElement.dataset.theme !== 'light';
// One Dark's grey, coral and violet are under 4.5:1 on its (active-line) background: lighter shades pass WCAG AA.
const brighter: Record<string, string> = { '#7d8799': '#a2aabb', '#e06c75': '#ef8f97', '#c678dd': '#d595e8' };
const darkHighlight = HighlightStyle.define(
  oneDarkHighlightStyle.specs.map((spec) => (typeof spec.color === 'string' && brighter[spec.color] ? { ...spec, color: brighter[spec.color] } : spec)),
);
const themeFor = (dark: boolean): Extension => (dark ? [oneDarkTheme, syntaxHighlighting(darkHighlight)] : syntaxHighlighting(defaultHighlightStyle, { fallback: true }));

export function languageFor(path: string): Extension {
  if (path.endsWith('.json')) return json();
  return javascript({ typescript: path.endsWith('.ts') });
}

const base = EditorView.theme({
  '&': { fontSize: '0.85rem', border: '1px solid var(--sl-color-gray-5)', borderRadius: '0.25rem', height: '100%' },
  '.cm-scroller': { fontFamily: 'var(--__sl-font-mono)', minHeight: '14rem' },
  '&.cm-focused': { outline: '2px solid var(--sl-color-accent)' },
});

/** A problem reported by the server (startup or runtime error) at a 1-based line and column. */
export interface ServerProblem {
  line: number;
  column: number;
  message: string;
}

const position = (doc: Text, line: number, column: number) => {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return Math.min(l.from + Math.max(0, column - 1), l.to);
};

export interface LabEditor {
  view: EditorView;
  /** Shows a file, keeping each file's own undo history across tab switches. */
  open(path: string, text: string, readOnly: boolean): void;
  /** Replaces a file's text (reset, solution); its history starts over. */
  replace(path: string, text: string, readOnly: boolean): void;
  /** Marks server-reported problems in a file (cleared when that file is edited). */
  setProblems(path: string, problems: ServerProblem[]): void;
  /** Moves the cursor to a line of the open file and focuses the editor. */
  goTo(line: number, column: number): void;
  destroy(): void;
}

/** One CodeMirror view shared by the file tabs; each file keeps its own editor state. */
export function createEditor(
  parent: HTMLElement,
  options: { label: string; describedBy: string; onChange(path: string, text: string): void; onRun(): void },
): LabEditor {
  const language = new Compartment();
  const readOnly = new Compartment();
  const theme = new Compartment();
  const states = new Map<string, EditorState>();
  const serverProblems = new Map<string, ServerProblem[]>();
  let current = '';
  // Babel is a chunk of its own: it loads with the editor, not with the lesson page.
  const syntax = import('./syntax-lint');

  const lintSource = (path: string) =>
    linter(
      async (view): Promise<Diagnostic[]> => {
        const doc = view.state.doc;
        const found: Diagnostic[] = [];
        const problem = (await syntax).findSyntaxError(path, doc.toString());
        if (problem) {
          const from = position(doc, problem.line, problem.column);
          found.push({ from, to: Math.min(from + 1, doc.length), severity: 'error', source: 'syntax', message: problem.message });
        }
        for (const p of serverProblems.get(path) ?? []) {
          const from = position(doc, p.line, p.column);
          found.push({ from, to: doc.line(Math.min(Math.max(1, p.line), doc.lines)).to, severity: 'error', source: 'run', message: p.message });
        }
        return found;
      },
      { delay: 300 },
    );

  const create = (path: string, text: string, ro: boolean) =>
    EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        lintGutter(),
        lintSource(path),
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
        // CodeMirror lets Escape then Tab leave the editor; the described-by text says so.
        EditorView.contentAttributes.of({ 'aria-label': `${options.label}: ${path}${ro ? ' (read-only)' : ''}`, 'aria-describedby': options.describedBy }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          if (serverProblems.delete(path)) forceLinting(u.view);
          options.onChange(path, u.state.doc.toString());
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
      forceLinting(view);
    },
    replace(path, text, ro) {
      serverProblems.delete(path);
      states.set(path, create(path, text, ro));
      if (path === current) {
        view.setState(states.get(path)!);
        syncTheme();
      }
    },
    setProblems(path, problems) {
      if (problems.length > 0) serverProblems.set(path, problems);
      else serverProblems.delete(path);
      if (path === current) forceLinting(view);
    },
    goTo(line, column) {
      const pos = position(view.state.doc, line, column);
      view.dispatch({ selection: EditorSelection.cursor(pos), effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
      view.focus();
    },
    destroy() {
      themeWatcher.disconnect();
      view.destroy();
    },
  };
  return editor;
}
