import type { z } from 'zod';
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from '../errors';
import type { SessionRecord } from '../store/sessions';
import { MAX_BODY_BYTES } from './body-limits';
import { fromZod } from './errors';
import { parseForm, readCapped } from './read-capped';
import { safePath } from './safe-path';

/** Reads a JSON or form body (forms: repeated fields become arrays) and validates it with `schema`. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  const isJson = type.includes('application/json');
  const isForm = type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data');
  if (!isJson && !isForm) throw new InvalidInputError('Send JSON (content-type: application/json) or a form.');
  const bytes = await readCapped(request, MAX_BODY_BYTES);
  let data: unknown;
  if (isJson) {
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw new InvalidInputError('Request body is not valid JSON.');
    }
  } else {
    const form = await parseForm(bytes, type);
    const obj: Record<string, string | string[]> = {};
    for (const key of new Set(form.keys())) {
      if (key === '_csrf') continue;
      const values = form.getAll(key).filter((v): v is string => typeof v === 'string');
      obj[key] = values.length === 1 ? values[0]! : values;
    }
    data = obj;
  }
  const result = schema.safeParse(data);
  if (!result.success) throw fromZod(result.error);
  return result.data;
}

export type SessionUser = SessionRecord['user'];

export function requireUser(locals: App.Locals): SessionUser {
  if (!locals.user) throw new UnauthenticatedError();
  return locals.user;
}

export function requireInstructor(locals: App.Locals): SessionUser {
  const user = requireUser(locals);
  if (user.role !== 'instructor') throw new ForbiddenError('Only instructors can do this.');
  return user;
}

/** Only same-origin paths (after normalisation), so a form's `redirect` field cannot send anyone elsewhere. */
export function safeRedirect(path: string | undefined, fallback: string): string {
  return safePath(path) ?? fallback;
}

/** Form posts get a 303 back to the page; scripts get JSON. */
export function wantsRedirect(request: Request): boolean {
  return !(request.headers.get('content-type') ?? '').includes('application/json');
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, { ...init, headers: { 'cache-control': 'no-store', ...init.headers } });
}
