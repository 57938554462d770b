import { AppError } from '../errors';

export class BodyTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super('too_large', `Request body is too large (over ${Math.round(maxBytes / 1024)} KiB).`);
  }
}

/**
 * Reads a body up to `maxBytes` and stops reading as soon as it is over, whatever Content-Length says:
 * a chunked body never grows the server's memory past the cap.
 */
export async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Parses a form body already read (urlencoded or multipart); malformed input is a 400, never a 500. */
export async function parseForm(bytes: Uint8Array, contentType: string): Promise<FormData> {
  try {
    return await new Response(bytes as BodyInit, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new AppError('invalid_input', 'The form body is malformed.');
  }
}
