/** The browser's one way to reach the course API: JSON in and out, CSRF token attached, errors as ApiError. */

export interface Me {
  user: { id: number; name: string; email: string; role: 'learner' | 'instructor' } | null;
  csrfToken: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

let me: Promise<Me> | undefined;

/** Who is signed in; fetched once per page. */
export function getMe(): Promise<Me> {
  me ??= fetch('/api/auth/me', { credentials: 'same-origin', cache: 'no-store' })
    .then((r) => (r.ok ? (r.json() as Promise<Me>) : { user: null, csrfToken: null }))
    .catch(() => ({ user: null, csrfToken: null }));
  return me;
}

export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const { csrfToken } = await getMe();
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
  }
  const data = (await response.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
  if (!response.ok) throw new ApiError(response.status, data?.error?.message ?? `Request failed (${response.status}).`, data?.error?.code);
  return data as T;
}

/** Where to come back to after signing in: the current page. */
export function signInHref(kind: 'sign-in' | 'sign-up' = 'sign-in'): string {
  return `/${kind}/?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
}
