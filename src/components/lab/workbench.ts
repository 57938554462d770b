import type { PublicLab } from '../../server/labs/registry';
import { createEditor } from './editor';
import { createLabClient, LabClientError, type LabRequestInput } from './lab-client';
import { renderCheckResult, renderCheckStart, renderCheckSummary, renderLogs, renderResponse, renderTrace } from './render';
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
  const form = q<HTMLFormElement>('.lab-request');
  const terminal = addTerminalTab(section, lab, { sandbox: () => client.sandbox(), files: () => files, replaceFile: (path, text) => ((files[path] = text), editor.replace(path, text, false), saveWork(lab.id, editableFiles())) });
  const panels = Object.fromEntries([...section.querySelectorAll<HTMLElement>('.lab-panel')].map((p) => [p.dataset.panel!, p]));
  const editable = new Set(lab.files.filter((f) => f.editable).map((f) => f.path));
  const starter = Object.fromEntries(lab.files.map((f) => [f.path, f.starter]));

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
  setUpTabs(q('.lab-files'), (tab) => open(tab.dataset.path!));
  open(currentPath);
  if (saved) say(`Restored your work from ${new Date(saved.savedAt).toLocaleString()}.`);
  // Signed in: the server copy wins when it is newer (work done in another browser).
  void client.serverWork().then((server) => {
    if (!server) return;
    if (server.passed) section.dataset.passed = 'true';
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

  const outputTabs = setUpTabs(q('.lab-output-tabs'), (tab) => {
    for (const [name, panel] of Object.entries(panels)) panel.hidden = name !== tab.dataset.panel;
  });
  const showPanel = (name: string) => outputTabs.select(q(`.lab-output-tabs [data-panel="${name}"]`));

  function say(message: string, tone: 'info' | 'error' = 'info') {
    status.textContent = message;
    status.dataset.tone = tone;
  }

  // Request builder
  const field = <T extends HTMLElement>(name: string) => form.elements.namedItem(name) as unknown as T;
  function applyPreset(index: number) {
    const preset = lab.presets[index];
    if (!preset) return;
    field<HTMLSelectElement>('method').value = preset.method;
    field<HTMLInputElement>('url').value = preset.url;
    field<HTMLTextAreaElement>('headers').value = Object.entries(preset.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
    field<HTMLTextAreaElement>('body').value = preset.body ?? '';
  }
  field<HTMLSelectElement>('preset').addEventListener('change', (e) => applyPreset(Number((e.target as HTMLSelectElement).value)));
  applyPreset(0);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });

  function readRequest(): LabRequestInput | null {
    const url = field<HTMLInputElement>('url').value.trim();
    try {
      const parsed = new URL(url);
      if (!/^https?:$/.test(parsed.protocol)) throw new Error();
    } catch {
      say('Enter a full http:// or https:// URL, such as https://acme-corp.example.com/.', 'error');
      field<HTMLInputElement>('url').focus();
      return null;
    }
    const headers: Record<string, string> = {};
    for (const line of field<HTMLTextAreaElement>('headers').value.split('\n')) {
      if (!line.trim()) continue;
      const colon = line.indexOf(':');
      if (colon <= 0) {
        say(`This header line has no "Name: value" form: ${line}`, 'error');
        return null;
      }
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
    const method = field<HTMLSelectElement>('method').value;
    const body = field<HTMLTextAreaElement>('body').value;
    return { method, url, headers, ...(body && method !== 'GET' && method !== 'HEAD' ? { body } : {}) };
  }

  let busy = false;
  const buttons = [...section.querySelectorAll<HTMLButtonElement>('.lab-actions button')];
  async function withBusy(label: string, job: () => Promise<void>) {
    if (busy) return;
    busy = true;
    for (const b of buttons) b.disabled = true;
    section.setAttribute('aria-busy', 'true');
    say(label);
    try {
      await job();
    } catch (error) {
      say(error instanceof LabClientError ? error.message : 'Could not reach the lab server. Check your connection and try again.', 'error');
    } finally {
      busy = false;
      for (const b of buttons) b.disabled = false;
      section.removeAttribute('aria-busy');
    }
  }

  async function run() {
    const request = readRequest();
    if (!request) return;
    await withBusy('Uploading your Workers and sending the request…', async () => {
      const result = await client.run(editableFiles(), request);
      renderResponse(panels.response!, result);
      renderLogs(panels.logs!, result);
      renderTrace(panels.trace!, result);
      showPanel('response');
      if (result.error) say(result.error.message, 'error');
      else say(`${request.method} ${request.url} → ${result.status} (${result.logs.length} log line${result.logs.length === 1 ? '' : 's'}, ${result.trace.hops.length} hop${result.trace.hops.length === 1 ? '' : 's'}).`);
    });
  }

  async function check() {
    await withBusy('Running the checks…', async () => {
      showPanel('checks');
      let index = 0;
      let total = lab.checks.length;
      renderCheckStart(panels.checks!, total);
      await client.check(editableFiles(), (event) => {
        if (event.type === 'start') {
          total = event.total;
          renderCheckStart(panels.checks!, total);
        } else if (event.type === 'result') renderCheckResult(panels.checks!, event, ++index, total);
        else if (event.type === 'done') {
          renderCheckSummary(panels.checks!, event.passed, event.passedCount, event.total);
          if (event.passed) section.dataset.passed = 'true';
          say(event.passed ? 'All checks passed. Well done!' : `${event.passedCount} of ${event.total} checks passed. Read the failures for what to change.`);
        } else if (event.type === 'error') say(event.message, 'error');
      });
    });
  }

  // Hints, one at a time
  const hintList = q<HTMLOListElement>('.lab-hints');
  const hintButton = q<HTMLButtonElement>('[data-action="hint"]');
  function hint() {
    const shown = hintList.children.length;
    if (shown >= lab.hints.length) return;
    const item = document.createElement('li');
    item.textContent = lab.hints[shown]!;
    hintList.append(item);
    hintButton.textContent = shown + 1 >= lab.hints.length ? 'No more hints' : `Hint (${shown + 1}/${lab.hints.length})`;
    if (shown + 1 >= lab.hints.length) hintButton.setAttribute('aria-disabled', 'true');
    say(`Hint ${shown + 1} of ${lab.hints.length} shown below.`);
  }

  // Confirmation dialog shared by reset and show-solution
  const confirmDialog = q<HTMLDialogElement>('[data-dialog="confirm"]');
  function confirm(title: string, text: string): Promise<boolean> {
    confirmDialog.querySelector('.lab-dialog-title')!.textContent = title;
    confirmDialog.querySelector('.lab-dialog-text')!.textContent = text;
    confirmDialog.returnValue = '';
    confirmDialog.showModal();
    return new Promise((resolve) => confirmDialog.addEventListener('close', () => resolve(confirmDialog.returnValue === 'ok'), { once: true }));
  }

  function replaceAll(next: Record<string, string>) {
    for (const [path, text] of Object.entries(next)) {
      files[path] = text;
      editor.replace(path, text, !editable.has(path));
    }
    saveWork(lab.id, editableFiles());
  }

  async function showSolution() {
    if (!(await confirm('Show the solution?', 'Your editable files will be replaced by the solution. You can Reset to start over.'))) return;
    await withBusy('Loading the solution…', async () => {
      replaceAll(await client.solution());
      say('The solution is in the editor. Run it or check it to see it pass.');
    });
  }

  async function reset() {
    if (!(await confirm('Reset the lab?', 'Your edits are discarded and the lab starts again with fresh data.'))) return;
    replaceAll(Object.fromEntries([...editable].map((p) => [p, starter[p]!])));
    clearWork(lab.id);
    client.reset();
    hintList.replaceChildren();
    hintButton.textContent = 'Hint';
    hintButton.removeAttribute('aria-disabled');
    say('The lab was reset to its starting files.');
  }

  async function diff() {
    if (!editable.has(currentPath)) {
      say('Pick one of your editable files to compare it with the solution.', 'error');
      return;
    }
    await withBusy('Loading the solution to compare…', async () => {
      const solution = await client.solution();
      const { showDiff } = await import('./diff-view');
      showDiff(q<HTMLDialogElement>('[data-dialog="diff"]'), currentPath, files[currentPath]!, solution[currentPath] ?? '');
      say('');
    });
  }

  const actions: Record<string, () => void> = {
    run: () => void run(),
    check: () => void check(),
    hint,
    solution: () => void showSolution(),
    reset: () => void reset(),
    diff: () => void diff(),
  };
  for (const button of buttons) button.addEventListener('click', () => actions[button.dataset.action!]?.());
  section.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      void run();
    }
  });
}
