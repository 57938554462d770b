import { labDefinitionSchema, platformConfigSchema, type LabDefinition, type LabDefinitionInput, type PlatformConfig } from '../../schemas/lab';
import { formatIssues } from './format-issues';

export interface Lab {
  definition: LabDefinition;
  /** Folder under labs/, e.g. "01-first-dispatch". */
  folder: string;
  starter: Record<string, string>;
  /** Every file in its solved state (starter overlaid with solution/). */
  solution: Record<string, string>;
  starterConfig: PlatformConfig;
}

export const PLATFORM_CONFIG_FILE = 'platform.json';

const definitions = import.meta.glob<{ default: LabDefinitionInput }>('/labs/*/lab.ts', { eager: true });
const sources = import.meta.glob<string>(['/labs/*/starter/**/*', '/labs/*/solution/**/*'], { query: '?raw', import: 'default', eager: true });

function filesOf(folder: string, kind: 'starter' | 'solution'): Record<string, string> {
  const prefix = `/labs/${folder}/${kind}/`;
  return Object.fromEntries(Object.entries(sources).flatMap(([path, text]) => (path.startsWith(prefix) ? [[path.slice(prefix.length), text]] : [])));
}

export class LabDefinitionError extends Error {}

function load(path: string, input: LabDefinitionInput): Lab {
  const folder = path.split('/')[2]!;
  const where = `labs/${folder}/lab.ts`;
  const parsed = labDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new LabDefinitionError(`${where}: ${formatIssues(parsed.error.issues)}`);
  const definition = parsed.data;
  const starter = filesOf(folder, 'starter');
  const solution = { ...starter, ...filesOf(folder, 'solution') };
  for (const file of definition.files)
    if (!(file.path in starter)) throw new LabDefinitionError(`${where}: files: "${file.path}" is not in labs/${folder}/starter/`);
  if (definition.terminal && !(definition.terminal.worker.main in starter))
    throw new LabDefinitionError(`${where}: terminal.worker.main: "${definition.terminal.worker.main}" is not in labs/${folder}/starter/`);
  const configs: Record<string, PlatformConfig> = {};
  for (const [kind, files] of [['starter', starter], ['solution', solution]] as const) {
    const raw = files[PLATFORM_CONFIG_FILE];
    if (raw === undefined) throw new LabDefinitionError(`labs/${folder}/starter/${PLATFORM_CONFIG_FILE} is missing`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new LabDefinitionError(`labs/${folder}/${kind}/${PLATFORM_CONFIG_FILE}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const config = platformConfigSchema.safeParse(json);
    if (!config.success) throw new LabDefinitionError(`labs/${folder}/${kind}/${PLATFORM_CONFIG_FILE}: ${formatIssues(config.error.issues)}`);
    for (const w of [config.data.dispatcher, config.data.outbound, ...config.data.accountWorkers, ...config.data.userWorkers])
      if (w && !(w.main in files)) throw new LabDefinitionError(`labs/${folder}/${kind}/${PLATFORM_CONFIG_FILE}: "${w.main}" (Worker ${w.name}) is not a file of the lab`);
    configs[kind] = config.data;
  }
  return { definition, folder, starter, solution, starterConfig: configs.starter! };
}

const labs: Lab[] = Object.entries(definitions)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, mod]) => load(path, mod.default));

const ids = new Set<string>();
for (const lab of labs) {
  if (ids.has(lab.definition.id)) throw new LabDefinitionError(`labs/${lab.folder}/lab.ts: id "${lab.definition.id}" is used by another lab`);
  ids.add(lab.definition.id);
}

export const allLabs = (): readonly Lab[] => labs;
export const findLab = (id: string): Lab | undefined => labs.find((l) => l.definition.id === id);

/** What the browser gets: no checks, no solution (that has its own route, behind a confirmation). */
export function publicLab(lab: Lab) {
  const d = lab.definition;
  return {
    id: d.id,
    title: d.title,
    lesson: d.lesson,
    goal: d.goal,
    files: d.files.map((f) => ({ ...f, starter: lab.starter[f.path]! })),
    terminal: d.terminal ?? null,
    hosts: d.hosts,
    presets: d.presets,
    hints: d.hints,
    checks: d.checks.map((c) => c.name),
  };
}
export type PublicLab = ReturnType<typeof publicLab>;
