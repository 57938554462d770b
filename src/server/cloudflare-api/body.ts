import { z } from 'zod';
import { validation } from './envelope';

const MAX_JSON_BYTES = 1024 * 1024;

/** Reads a JSON body and validates it; every failure is a 400 that says what is wrong. */
export async function jsonBody<S extends z.ZodType>(request: Request, schema: S, what: string): Promise<z.infer<S>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw validation(`The ${what} is too large (over 1 MiB).`);
  let value: unknown;
  try {
    value = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw validation(`The ${what} is not valid JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw validation(`Invalid ${what}: ${path}${issue.message}`);
}
