import type { PublicLab } from '../../server/labs/registry';
import { createActivity } from './activity';
import { confirmWith } from './dialogs';
import { createEditor } from './editor';
import { setUpLayout } from './layout';
import { createLabClient, LabClientError, type PassKept, type RunResult } from './lab-client';
import { createHints } from './hints';
import { showPass } from './pass-state';
import { addPaneTabs } from './panes';
import { readRequest, setUpRequestForm } from './request-form';
import { renderCheckResult, renderCheckRunning, renderCheckStart, renderCheckSummary, renderLogs, renderResponse, renderTrace, type Location } from './render';
import { clearWork, loadWork, saveWork } from './saved-work';
import { setUpTabs } from './tabs';
import { addTerminalTab } from './terminal/terminal-tab';

/** Wires one lab section: editor, request builder, results and the lab's buttons. */
export function mountWorkbench(section: HTMLElement) {
  const lab = JSON.parse(section.querySelector('.lab-data')!.textContent!) as PublicLab;
  const q = <T extends Element>(selector: string) => section.querySelector<T>(selector)!;
  const client = createLabClient(lab.id);
  const workbench = q<HTMLElement>('.lab-workbench');
  const status = q<HTMLElement>('.lab-status');
  const resultsHeading = q<HTMLElement>('.lab-results-heading');
  const terminal = addTerminalTab(section, lab, { sandbox: () => client.sandbox(), files: () => files, replaceFile: (path, text) => ((files[path] = text), editor.replace(path, text, false), saveWork(lab.id, editableFiles())) });
  const panels: Record<string, HTMLElement> = Object.fromEntries([...section.querySelectorAll<HTMLElement>('.lab-panel')].map((p) => [p.dataset.panel!, p]));
  const editable = new Set(lab.files.filter((f) => f.editable).map((f) => f.path));
  const starter = Object.fromEntries(lab.files.map((f) => [f.path, f.starter]));
  // PASSED shows only what the server has: on the account, or for this browser until it signs in (then it says so).
  const markPassed = (kept: PassKept, fresh = false) => showPass(section, lab, kept, fresh);

  // Restore saved edits of editable files; read-only files always come from the lab.
  const saved = loadWork(lab.id);
  const files: Record<string, string> = { ...starter };
  for (const path of editable) if (typeof saved?.files[path] === 'string') files[path] = saved.files[path]!;

  q<HTMLElement>('[data-action="open"]').hidden = true;
  workbench.hidden = false;
  const editorHost = q<HTMLElement>('.lab-editor');
  editorHost.replaceChildren();
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let serverSaveTimer: ReturnType<typeof setTimeout> | undefined;
  const editor = createEditor(editorHost, {
    label: `${lab.title} editor`,
    describedBy: q<HTMLElement>('.lab-editor-help').id,
    onChange(path, text) {
      files[path] = text;
      terminal?.fileChanged(path, text);
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => saveWork(lab.id, editableFiles()), 300);
      clearTimeout(serverSaveTimer);
      serverSaveTimer = setTimeout(() => void client.saveServerWork(editableFiles()).catch(() => {}), 2_000);
    },
    onRun: () => void run(),
  });
  const editableFiles = () => Object.fromEntries([...editable].map((p) => [p, files[p]!]));
  let currentPath = lab.files[0]!.path;
  const open = (path: string) => {
    currentPath = path;
    editor.open(path, files[path]!, !editable.has(path));
  };
  const fileTabs = setUpTabs(q('.lab-files'), (tab) => open(tab.dataset.path!));
  open(currentPath);
  /** Follows a file:line:column link: shows the file and puts the cursor on the line. */
  const openLocation = (location: Location) => {
    const tab = fileTabs.tabs.find((t) => t.dataset.path === location.file);
    if (!tab) return;
    fileTabs.select(tab);
    editor.goTo(location.line, location.column);
  };
  if (saved) say(`Restored your work from ${new Date(saved.savedAt).toLocaleString()}.`);
  // Signed in: the server copy wins when it is newer (work done in another browser).
  void client.serverWork().then((server) => {
    if (!server) return;
    if (server.passed) markPassed(server.kept);
    // Work done here before signing in (or offline) moves to the account when it is the newer copy.
    if (saved && server.kept === 'account' && (!server.work || saved.savedAt > server.work.updatedAt)) void client.saveServerWork(editableFiles()).catch(() => {});
    if (server.work && (!saved || server.work.updatedAt > saved.savedAt)) {
      for (const path of editable) {
        const text = server.work.files[path];
        if (typeof text === 'string' && text !== files[path]) {
          files[path] = text;
          editor.replace(path, text, false);
        }
      }
      saveWork(lab.id, editableFiles());
      say('Restored your saved work from your account.');
    }
  }, () => {});

  const outputList = q<HTMLElement>('.lab-output-tabs');
  addPaneTabs(section, lab.id, outputList, panels);
  const outputTabs = setUpTabs(outputList, (tab) => {
    for (const [name, panel] of Object.entries(panels)) panel.hidden = name !== tab.dataset.panel;
    // The terminal's commands need the width: while its tab is shown, the results pane gets the larger share.
    section.classList.toggle('lab-terminal-open', tab.dataset.panel === 'terminal');
  });
  const showPanel = (name: string) => outputTabs.select(q(`.lab-output-tabs [data-panel="${name}"]`));
  const layout = setUpLayout(section);

  function say(message: string, tone: 'info' | 'error' = 'info') {
    status.textContent = message;
    status.dataset.tone = tone;
  }

  const form = setUpRequestForm(q<HTMLFormElement>('.lab-request'), lab.presets, () => void run());

  let busy = false;
  // Aborts waiting for a sandbox (queue or rate limit) when the learner presses Stop.
  let jobAbort = new AbortController();
  const buttons = [...section.querySelectorAll<HTMLButtonElement>('.lab-actions button:not([data-action="focus"])')];
  const activity = createActivity(section, () => void stop());
  async function withBusy(label: string, job: () => Promise<void>) {
    if (busy) return;
    busy = true;
    for (const b of buttons) b.setAttribute('aria-disabled', 'true');
    section.setAttribute('aria-busy', 'true');
    say(label);
    jobAbort = new AbortController();
    activity.start();
    try {
      await job();
    } catch (error) {
      say(error instanceof LabClientError ? error.message : 'Could not reach the lab server. Check your connection and try again.', 'error');
    } finally {
      busy = false;
      for (const b of buttons) b.removeAttribute('aria-disabled');
      section.removeAttribute('aria-busy');
      if (activity.end()) resultsHeading.focus({ preventScroll: true });
    }
  }

  async function stop() {
    activity.stopping();
    say('Stopping…');
    jobAbort.abort();
    await client.stop().catch(() => false);
  }

  /**
   * Brings the results into view without stealing focus: the whole split when that shows them (wide screens),
   * else the results themselves (stacked panes on a phone).
   */
  function revealResults() {
    const first = q<HTMLElement>('.lab-output .lab-panel:not([hidden]) > *') ?? q<HTMLElement>('.lab-output');
    const visible = () => {
      const r = first.getBoundingClientRect();
      return r.top >= 64 && r.top + 24 <= window.innerHeight;
    };
    if (visible()) return;
    q<HTMLElement>('.lab-split').scrollIntoView({ block: 'start', behavior: 'instant' as ScrollBehavior });
    if (!visible()) q<HTMLElement>('.lab-output').scrollIntoView({ block: 'start', behavior: 'instant' as ScrollBehavior });
  }

  function showProblems(result: RunResult) {
    for (const path of editable) editor.setProblems(path, []);
    const located = [result.error?.location, ...result.logs.map((l) => l.location)].filter((l): l is Location => !!l);
    const byFile = new Map<string, Location[]>();
    for (const l of located) byFile.set(l.file, [...(byFile.get(l.file) ?? []), l]);
    const message = (l: Location) => (result.error?.location === l ? result.error.message : result.logs.find((x) => x.location === l)?.message ?? 'Error');
    for (const [file, list] of byFile) editor.setProblems(file, list.map((l) => ({ line: l.line, column: l.column, message: message(l) })));
  }

  async function run() {
    const request = readRequest(form, say);
    if (!request) return;
    await withBusy('Running your Workers…', async () => {
      const result = await client.run(editableFiles(), request, (p) => activity.progress(p), jobAbort.signal);
      renderResponse(panels.response!, result, openLocation);
      renderLogs(panels.logs!, result, openLocation);
      renderTrace(panels.trace!, result, (worker) => {
        renderLogs(panels.logs!, result, openLocation, worker);
        showPanel('logs');
      });
      showProblems(result);
      showPanel('response');
      revealResults();
      // One line when the lab had to start again elsewhere (its machine was lost), never a silent reset.
      const moved = result.notice ? `${result.notice} ` : '';
      if (result.error) say(`${moved}${result.error.message}`, 'error');
      else say(`${moved}${request.method} ${request.url} → ${result.status} (${result.logs.length} log line${result.logs.length === 1 ? '' : 's'}, ${result.trace.hops.length} hop${result.trace.hops.length === 1 ? '' : 's'}).`);
    });
  }

  async function check() {
    await withBusy('Running the checks…', async () => {
      showPanel('checks');
      revealResults();
      let index = 0;
      let total = lab.checks.length;
      let moved = '';
      renderCheckStart(panels.checks!, total);
      await client.check(
        editableFiles(),
        (event) => {
          if (event.type === 'start') {
            total = event.total;
            renderCheckStart(panels.checks!, total);
          } else if (event.type === 'check-start') {
            activity.check(event.index, total);
            renderCheckRunning(panels.checks!, event.index, total, event.title);
          } else if (event.type === 'result') renderCheckResult(panels.checks!, event, ++index, total);
          else if (event.type === 'done') {
            renderCheckSummary(panels.checks!, event.passed, event.passedCount, event.total);
            hints.replace();
            if (event.passed) markPassed(event.recorded ?? 'none', true);
            say(moved + (event.passed ? 'All checks passed. Well done!' : `${event.passedCount} of ${event.total} checks passed. Read the failures for what to change.`));
          } else if (event.type === 'error') say(event.message, 'error');
          else if (event.type === 'notice') say((moved = `${event.message} `));
        },
        (p) => activity.progress(p),
        jobAbort.signal,
      );
    });
  }

  const hints = createHints(section, lab.hints, (text) => say(text));

  const confirmDialog = q<HTMLDialogElement>('[data-dialog="confirm"]');
  const ask = (title: string, text: string, action?: string) => confirmWith(confirmDialog, title, text, action);

  function replaceAll(next: Record<string, string>) {
    for (const [path, text] of Object.entries(next)) {
      files[path] = text;
      editor.replace(path, text, !editable.has(path));
    }
    saveWork(lab.id, editableFiles());
  }

  async function showSolution() {
    if (!(await ask('Show the solution?', 'Your editable files will be replaced by the solution. You can Reset to start over. If you are signed in, your instructor sees that you viewed it.', 'Show solution'))) return;
    await withBusy('Loading the solution…', async () => {
      replaceAll(await client.solution());
      say('The solution is in the editor. Run it or check it to see it pass.');
    });
  }

  async function reset() {
    if (!(await ask('Reset the lab?', 'Your edits are discarded and the lab starts again with fresh data. A lab you passed stays passed.', 'Reset'))) return;
    replaceAll(Object.fromEntries([...editable].map((p) => [p, starter[p]!])));
    clearWork(lab.id);
    client.reset();
    hints.reset();
    say('The lab was reset to its starting files.');
  }

  async function diff() {
    if (!editable.has(currentPath)) {
      say('Pick one of your editable files to compare it with the solution.', 'error');
      return;
    }
    if (!(await ask('Compare with the solution?', 'This shows the solution’s version of this file next to yours. Try the hints first if you want to work it out yourself. If you are signed in, your instructor sees that you viewed it.', 'Compare'))) return;
    await withBusy('Loading the solution to compare…', async () => {
      const solution = await client.solution();
      const { showDiff } = await import('./diff-view');
      void showDiff(q<HTMLDialogElement>('[data-dialog="diff"]'), currentPath, files[currentPath]!, solution[currentPath] ?? '');
      say('');
    });
  }

  const actions: Record<string, () => void> = {
    run: () => void run(),
    check: () => void check(),
    hint: () => hints.next(),
    solution: () => void showSolution(),
    reset: () => void reset(),
    diff: () => void diff(),
  };
  for (const button of buttons)
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-disabled') === 'true') return;
      actions[button.dataset.action!]?.();
    });
  section.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      void run();
    }
  });
  return { layout };
}
