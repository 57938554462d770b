import { z } from 'zod';
import { AppError } from '../errors';
import { fromZod, statusOf } from '../http/errors';
import { errorPage } from './html';

/** HTML for the LMS frame; never cached (pages carry one-time tokens). */
export function html(body: string, status = 200, headers: Record<string, string> | [string, string][] = {}): Response {
  const h = new Headers(headers);
  h.set('content-type', 'text/html; charset=utf-8');
  h.set('cache-control', 'no-store');
  return new Response(body, { status, headers: h });
}

/** A refused launch or registration as a readable page with its 4xx status; unknown errors stay 500 (bugs). */
export function errorHtml(error: unknown, title = 'This launch was refused'): Response {
  if (error instanceof z.ZodError) error = fromZod(error);
  if (error instanceof AppError) return html(errorPage(title, error.message), statusOf(error));
  console.error(error);
  return html(errorPage('Something went wrong', 'Something went wrong on our side. Try again from your course.'), 500);
}

/** Form or query parameters as a plain object (LTI sends application/x-www-form-urlencoded). */
export async function formOrQuery(request: Request, url: URL): Promise<Record<string, string>> {
  const out: Record<string, string> = Object.fromEntries(url.searchParams);
  if (request.method === 'POST') {
    const type = request.headers.get('content-type') ?? '';
    if (!type.includes('application/x-www-form-urlencoded') && !type.includes('multipart/form-data')) return out;
    if (Number(request.headers.get('content-length') ?? 0) > 64 * 1024) return out;
    try {
      for (const [k, v] of (await request.formData()).entries()) if (typeof v === 'string') out[k] = v;
    } catch {
      /* An unreadable body is the same as no parameters: the schemas say what is missing. */
    }
  }
  return out;
}
