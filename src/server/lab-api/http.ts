import { LabError } from '../lab-engine';
import { errorResponse } from '../http/errors';
import { readCapped } from '../http/read-capped';

export const noStore = { 'cache-control': 'no-store' };

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Reads a JSON body, refusing oversized or malformed input with a 4xx that says which. */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new LabError('invalid_input', `Request body is too large (over ${Math.round(maxBytes / 1024)} KiB).`, 413);
  // Capped while read: a chunked body cannot grow memory past maxBytes.
  const text = new TextDecoder().decode(await readCapped(request, maxBytes));
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new LabError('invalid_input', 'Request body is not valid JSON.');
  }
}

export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    return errorResponse(error);
  }
}
