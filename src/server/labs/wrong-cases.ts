import type { Lab } from './registry';

/**
 * Plausible wrong or unsafe solutions kept with each lab (labs/<lab>/wrong/<case>/): NOTE.md says the
 * mistake in one line, the other files replace the solution's. The tests assert that the lab's checks
 * reject every one of them, so no check is one that nothing can fail.
 */
export interface WrongCase {
  name: string;
  note: string;
  /** Every file of the lab in this case's state: the solution overlaid with the case's files. */
  files: Record<string, string>;
}

const sources = import.meta.glob<string>('/labs/*/wrong/**/*', { query: '?raw', import: 'default', eager: true });

export function wrongCasesOf(lab: Lab): WrongCase[] {
  const prefix = `/labs/${lab.folder}/wrong/`;
  const cases = new Map<string, WrongCase>();
  for (const [path, text] of Object.entries(sources)) {
    if (!path.startsWith(prefix)) continue;
    const [name, ...rest] = path.slice(prefix.length).split('/');
    const file = rest.join('/');
    if (!name || !file) continue;
    const c = cases.get(name) ?? { name, note: '', files: { ...lab.solution } };
    if (file === 'NOTE.md') c.note = text.trim();
    else c.files[file] = text;
    cases.set(name, c);
  }
  return [...cases.values()].sort((a, b) => a.name.localeCompare(b.name));
}
