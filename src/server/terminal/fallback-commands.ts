import type { TerminalSpec, TerminalTarget } from '../../schemas/terminal';
import { terminalEnv } from './project';

/**
 * What the Terminal tab shows when WebContainer cannot boot: the same project and commands, for the
 * learner's own terminal (bash or zsh, Node 22+), with the sandbox's values filled in.
 */

export interface ShownCommand {
  id: string;
  title: string;
  command: string;
}

const quote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`);

function heredoc(path: string, text: string): string {
  let marker = 'WFP_EOF';
  while (text.split('\n').includes(marker)) marker += '_';
  const dir = path.includes('/') ? `mkdir -p ${quote(path.slice(0, path.lastIndexOf('/')))} && ` : '';
  return `${dir}cat > ${quote(path)} <<'${marker}'\n${text.endsWith('\n') ? text : `${text}\n`}${marker}`;
}

/** `export` lines for the shell. */
export function exportLines(target: TerminalTarget): string {
  return Object.entries(terminalEnv(target)).map(([k, v]) => `export ${k}=${quote(v)}`).join('\n');
}

/** The same values as a .env file: wrangler reads .env from the folder it runs in. */
export function dotEnv(target: TerminalTarget): string {
  return `${Object.entries(terminalEnv(target)).map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
}

/**
 * The commands, in order: make the project folder (the files wrangler deploys + wrangler itself), point
 * wrangler at the sandbox, then the lesson's own commands.
 */
export function fallbackCommands(options: { folder: string; target: TerminalTarget; spec: TerminalSpec; files: Record<string, string> }): ShownCommand[] {
  const { folder, target, spec, files } = options;
  const writes = Object.entries(files).map(([path, text]) => heredoc(path, text));
  return [
    {
      id: 'project',
      title: `Make the project folder "${folder}" and install wrangler`,
      command: [`mkdir -p ${quote(folder)} && cd ${quote(folder)}`, ...writes, 'npm install --no-audit --no-fund'].join('\n'),
    },
    { id: 'env', title: 'Point wrangler at your sandbox (in the same terminal)', command: exportLines(target) },
    ...spec.commands.map((command, i) => ({ id: `step-${i + 1}`, title: `Step ${i + 1}`, command })),
  ];
}
