import type { TerminalSpec, TerminalTarget } from '../../schemas/terminal';

/**
 * The project a terminal works in (WebContainer in the browser, or a folder on the learner's machine):
 * the lab's files, a package.json that installs the wrangler this course is tested with, and a wrangler
 * config for the customer Worker that names the sandbox's dispatch namespace. Pure, so the browser and
 * the tests build exactly the same thing.
 */

/** The wrangler the course's tests run; the terminal installs the same. */
export const WRANGLER_VERSION = '4.164.0';

/** WebContainer's tree shape (structurally @webcontainer/api's FileSystemTree). */
export type FileTree = { [name: string]: { file: { contents: string } } | { directory: FileTree } };

export function packageJson(name: string): string {
  const pkg = { name, private: true, type: 'module', scripts: { deploy: 'wrangler deploy' }, devDependencies: { wrangler: WRANGLER_VERSION } };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function wranglerConfig(spec: TerminalSpec): string {
  return `{
  // The customer's Worker. Deploy it into your sandbox's dispatch namespace "${spec.namespace}":
  //   npx wrangler deploy --dispatch-namespace ${spec.namespace}
  "name": "${spec.worker.name}",
  "main": "${spec.worker.main}",
  "compatibility_date": "${spec.worker.compatibility_date}"
}
`;
}

/** Files the project adds to the lab's own; the lab's files win on a clash (they are the learner's). */
export function projectFiles(name: string, spec: TerminalSpec, labFiles: Record<string, string>): Record<string, string> {
  return { 'package.json': packageJson(name), 'wrangler.jsonc': wranglerConfig(spec), ...labFiles };
}

/** Flat `dir/file` paths → the nested tree WebContainer mounts. Refuses paths that leave the project. */
export function toFileTree(files: Record<string, string>): FileTree {
  const root: FileTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..')) throw new Error(`Not a project path: ${path}`);
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const entry = (dir[part] ??= { directory: {} });
      if (!('directory' in entry)) throw new Error(`${part} is both a file and a folder in the project`);
      dir = entry.directory;
    }
    dir[parts.at(-1)!] = { file: { contents } };
  }
  return root;
}

/** The environment wrangler reads: Cloudflare's documented variables, pointed at the learner's sandbox. */
export function terminalEnv(target: TerminalTarget): Record<string, string> {
  return {
    CLOUDFLARE_API_BASE_URL: target.apiBase,
    CLOUDFLARE_ACCOUNT_ID: target.accountId,
    CLOUDFLARE_API_TOKEN: target.token,
    WRANGLER_SEND_METRICS: 'false',
  };
}

/** Paths the container may write back into the editor: the lab's editable files, nothing else. */
export function syncedPath(path: string, editable: ReadonlySet<string>): string | null {
  const clean = path.replace(/^\.?\//, '');
  return editable.has(clean) ? clean : null;
}
