import { METHODS } from 'node:http';

/**
 * The methods the course answers. Anything else is refused before Astro sees it: undici cannot even build a Request
 * for TRACE/TRACK/CONNECT (that threw, a 500), and WebDAV verbs mean nothing here.
 */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const ALLOW_HEADER = ALLOWED_METHODS.join(', ');

const allowed = new Set<string>(ALLOWED_METHODS);
const known = new Set<string>(METHODS);

/** undefined when the method is served; otherwise the status to refuse it with: 405 for real HTTP methods, 501 for unknown ones. */
export function methodRefusal(method: string | undefined): { status: 405 | 501; body: string } | undefined {
  const m = (method ?? '').toUpperCase();
  if (allowed.has(m)) return undefined;
  const status = known.has(m) ? 405 : 501;
  const message = status === 405 ? `${m} is not allowed here. Allowed: ${ALLOW_HEADER}.` : `The ${m.slice(0, 40) || 'empty'} method is not implemented. Allowed: ${ALLOW_HEADER}.`;
  return { status, body: JSON.stringify({ error: { code: status === 405 ? 'method_not_allowed' : 'not_implemented', message } }) };
}

/** A raw HTTP/1.1 response for sockets Node hands over before a request object exists (CONNECT, unparsable methods). */
export function rawRefusal(status: 405 | 501, body: string): string {
  const reason = status === 405 ? 'Method Not Allowed' : 'Not Implemented';
  return `HTTP/1.1 ${status} ${reason}\r\nAllow: ${ALLOW_HEADER}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
