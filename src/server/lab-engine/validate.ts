import type { z } from 'zod';
import { LabError } from './errors';

/** Parses with a zod schema; failures become a 400 LabError that names the field and the rule. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  const code = what.includes('name') && issue.path.length === 0 ? 'invalid_script_name' : 'invalid_input';
  throw new LabError(code, `Invalid ${what}${path}: ${issue.message}`);
}
