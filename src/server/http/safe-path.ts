/**
 * A `next`/`redirect` target as a same-origin path, or null. The value is resolved the way a browser would
 * (URL parsing drops tabs and newlines and reads `\` as `/`), then it must still be on our origin and must not
 * start with `//` (protocol-relative). Pure: the browser's sign-in form uses it too.
 */
const BASE = 'http://same-origin.invalid';

export function safePath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 2000) return null;
  // Control characters and backslashes have no place in a path we produce; refuse rather than guess.
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return null;
  if (!raw.startsWith('/') || raw.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') || path.startsWith('/\\') ? null : path;
}
