import { z } from 'zod';
import { apiError, validation } from './envelope';

const MAX_JSON_BYTES = 1024 * 1024;

/** Reads a request body up to `maxBytes`, whatever Content-Length says (chunked bodies included). */
export async function readBodyCapped(request: Request, maxBytes: number, what: string): Promise<Blob> {
  const tooLarge = () => apiError(413, 10021, `The ${what} is too large (over ${Math.round(maxBytes / 1024)} KiB).`);
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) throw tooLarge();
  if (!request.body) return new Blob([]);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return new Blob(chunks as BlobPart[]);
}

/** Reads a JSON body and validates it; every failure is a 400 that says what is wrong. */
export async function jsonBody<S extends z.ZodType>(request: Request, schema: S, what: string): Promise<z.infer<S>> {
  const text = await (await readBodyCapped(request, MAX_JSON_BYTES, what)).text();
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
