import { LabError } from '../lab-engine';
import { platformConfigSchema, type PlatformConfig } from '../../schemas/lab';
import { formatIssues } from './format-issues';
import { PLATFORM_CONFIG_FILE } from './registry';

/** Parses the learner's platform.json with line and column for syntax errors and field paths for the rest. */
export function parsePlatformConfig(text: string): PlatformConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
    const where = Number.isFinite(position) ? `:${text.slice(0, position).split('\n').length}` : '';
    throw new LabError('invalid_input', `${PLATFORM_CONFIG_FILE}${where}: ${message}`, 422);
  }
  const parsed = platformConfigSchema.safeParse(json);
  if (!parsed.success) throw new LabError('invalid_input', `${PLATFORM_CONFIG_FILE}: ${formatIssues(parsed.error.issues)}`, 422);
  return parsed.data;
}
