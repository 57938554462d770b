import { z } from 'zod';
import { BINDING_TYPES, MAX_SCRIPT_BYTES, workerMetadataSchema, type WorkerMetadata } from '../lab-engine/schemas';
import type { Binding, WorkerModule } from '../lab-engine/schemas';
import { readBodyCapped } from './body';
import { validation } from './envelope';

/** Module types by part content type (Cloudflare's multipart upload format). */
const typeByContentType: Record<string, WorkerModule['type']> = {
  'application/javascript+module': 'esm',
  'text/javascript+module': 'esm',
  'text/javascript': 'esm',
  'application/javascript': 'esm',
  'text/plain': 'text',
  'application/wasm': 'wasm',
  'application/octet-stream': 'data',
  'application/json': 'json',
};

function moduleType(filename: string, contentType: string): WorkerModule['type'] {
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  if (filename.endsWith('.cjs') && (base === 'application/javascript' || base === 'text/javascript')) return 'commonjs';
  // curl -F sends .js files as application/octet-stream; treat JavaScript file names as modules.
  if ((base === 'application/octet-stream' || base === '') && /\.(m?js)$/.test(filename)) return 'esm';
  const type = typeByContentType[base];
  if (!type)
    throw validation(
      `Part "${filename}" has content type "${contentType}", which the lab does not support. Use one of: ${Object.keys(typeByContentType).join(', ')}.`,
    );
  return type;
}

export async function readFormData(request: Request): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? '';
  if (/^(application|text)\/javascript/i.test(contentType))
    throw validation(
      `Got a bare script body (Content-Type ${contentType}): service-worker uploads are not supported by the lab; send multipart/form-data. ` +
        'If you meant to send multipart, your client overrode its Content-Type: the cloudflare SDK 7.x scripts.update does this ' +
        '(cloudflare-typescript issue #2799) and the platform rejects it too. Pass { headers: { "content-type": null } } as request options.',
    );
  if (!/^multipart\/form-data;/i.test(contentType))
    throw validation(`Expected a multipart/form-data body (a "metadata" part and one part per module), got "${contentType || 'no content type'}".`);
  // Room for the modules' limit plus multipart overhead; the modules are checked one by one afterwards.
  const body = await readBodyCapped(request, MAX_SCRIPT_BYTES * 2, 'upload');
  try {
    return await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw validation('Malformed multipart body: it could not be parsed as multipart/form-data (check the boundary and part headers).');
  }
}

/** Reads a JSON part sent as a file, a blob or a plain string field. */
export async function jsonPart(form: FormData, field: string): Promise<unknown> {
  const part = form.get(field);
  if (part === null) return undefined;
  const text = typeof part === 'string' ? part : await part.text();
  try {
    return JSON.parse(text);
  } catch {
    throw validation(`The "${field}" part is not valid JSON.`);
  }
}

const bindingTypesSchema = z.object({ bindings: z.array(z.object({ type: z.string() }).loose()).optional() }).loose();

/** Looks up a binding of the Worker's current version by name (for `{ type: "inherit" }` bindings). */
export type InheritFrom = (name: string) => Binding | undefined;

const inheritSchema = z.object({ type: z.literal('inherit'), name: z.string(), old_name: z.string().optional() });

/** `{ type: "inherit", name, old_name? }` takes the binding from the Worker's current version, as the platform does. */
function resolveInherited(raw: Record<string, unknown>, inherit: InheritFrom | undefined): Record<string, unknown> {
  if (!Array.isArray(raw.bindings)) return raw;
  const bindings = raw.bindings.map((b: unknown) => {
    const parsed = inheritSchema.safeParse(b);
    if (!parsed.success) return b;
    const from = parsed.data.old_name ?? parsed.data.name;
    const found = inherit?.(from);
    if (!found) throw validation(`Binding ${parsed.data.name} inherits "${from}", but the Worker's current version has no binding with that name.`);
    return { ...found, name: parsed.data.name };
  });
  return { ...raw, bindings };
}

/** Validates upload metadata with the engine's schema, with Cloudflare-style messages for what the lab lacks. */
export function parseMetadata(input: unknown, what = 'metadata', inherit?: InheritFrom): WorkerMetadata {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw validation(`The ${what} part must be a JSON object.`);
  const raw = resolveInherited(input as Record<string, unknown>, inherit);
  const shape = bindingTypesSchema.safeParse(raw);
  for (const b of shape.success ? (shape.data.bindings ?? []) : [])
    if (!BINDING_TYPES.includes(b.type as never))
      throw validation(`Binding type "${b.type}" is not supported by the lab. Supported: ${BINDING_TYPES.join(', ')}.`);
  if ('body_part' in raw && !('main_module' in raw))
    throw validation('Service-worker syntax (body_part) is not supported by the lab: upload ES modules and set main_module.');
  const parsed = workerMetadataSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw validation(`Invalid ${what}: ${path}${issue.message}`);
}

/** Every part except "metadata" is a module, named by its filename (or by its field for string parts). */
export async function readModules(form: FormData, skip: string[] = ['metadata']): Promise<WorkerModule[]> {
  const modules: WorkerModule[] = [];
  for (const [field, value] of form.entries()) {
    if (skip.includes(field)) continue;
    if (typeof value === 'string') {
      modules.push({ name: field, type: moduleType(field, 'application/javascript+module'), content: value });
      continue;
    }
    const name = value.name && value.name !== 'blob' ? value.name : field;
    // Source maps only improve stack traces on the platform; the lab accepts them and does not use them.
    if (value.type.split(';')[0]!.trim().toLowerCase() === 'application/source-map') continue;
    const type = moduleType(name, value.type);
    const bytes = Buffer.from(await value.arrayBuffer());
    const binary = type === 'wasm' || type === 'data';
    modules.push({ name, type, content: binary ? bytes.toString('base64') : bytes.toString('utf8') });
  }
  return modules;
}

/** A Worker upload from a Cloudflare multipart body. */
export async function parseWorkerUpload(request: Request, inherit?: InheritFrom) {
  const form = await readFormData(request);
  const raw = await jsonPart(form, 'metadata');
  if (raw === undefined && [...form.keys()].some((k) => k.startsWith('metadata[')))
    throw validation(
      'The metadata was sent as bracketed form fields (metadata[main_module], …), but the platform reads one JSON part named "metadata". ' +
        'The cloudflare SDK 7.x encodes a metadata object this way (cloudflare-typescript issue #2799): pass it as a JSON file instead.',
    );
  if (raw === undefined) throw validation('The upload has no "metadata" part: send the Worker\'s metadata (main_module, bindings, …) as JSON in a part named "metadata".');
  const metadata = parseMetadata(raw, 'metadata', inherit);
  const modules = await readModules(form);
  if (modules.length === 0) throw validation('The upload has no module parts: send each module as a file part whose filename is the module name.');
  if (!modules.some((m) => m.name === metadata.main_module))
    throw validation(`main_module "${metadata.main_module}" is not one of the uploaded parts (${modules.map((m) => m.name).join(', ')}): a module's name is its part's filename.`);
  return { metadata, modules };
}
