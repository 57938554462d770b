import { invalid } from './errors';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Platform URLs must be https; plain http only for a platform on loopback (a local LMS, the test simulator). */
export function platformUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${what} is not a URL.`);
  }
  if (url.username || url.password) throw invalid(`${what} must not carry credentials.`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return url;
  throw invalid(`${what} must use https (${url.origin} does not).`);
}

const TIMEOUT_MS = 10_000;

/** fetch() to a platform with a time budget; network failures become LtiError, not 500s. */
export async function platformFetch(url: string, init: RequestInit, what: string): Promise<Response> {
  platformUrl(url, what);
  try {
    return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw invalid(`Could not reach the platform's ${what} (${url}): ${(error as Error).message}`);
  }
}

export async function platformJson(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw invalid(`The platform's ${what} answered ${res.status}: ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(`The platform's ${what} did not answer JSON.`);
  }
}
