import { z } from 'zod';

/** Script names as the platform accepts them (Cloudflare API pattern ^[a-z0-9_][a-z0-9-_]*$). */
export const SCRIPT_NAME_PATTERN = /^[a-z0-9_][a-z0-9-_]*$/;
export const MAX_SCRIPT_NAME_LENGTH = 63;
export const MAX_TAGS = 8;
export const MAX_MODULES = 32;
export const MAX_MODULE_BYTES = 1024 * 1024;
export const MAX_SCRIPT_BYTES = 3 * 1024 * 1024;

export const scriptNameSchema = z
  .string()
  .max(MAX_SCRIPT_NAME_LENGTH, `script names are at most ${MAX_SCRIPT_NAME_LENGTH} characters`)
  .regex(SCRIPT_NAME_PATTERN, 'script names use lowercase letters, digits, "-" and "_" (pattern ^[a-z0-9_][a-z0-9-_]*$)');

const bindingName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'binding names are JavaScript identifiers');

/** Bindings in Cloudflare's upload-metadata shape. */
export const bindingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('plain_text'), name: bindingName, text: z.string() }),
  z.object({ type: z.literal('secret_text'), name: bindingName, text: z.string() }),
  z.object({ type: z.literal('json'), name: bindingName, json: z.json() }),
  z.object({ type: z.literal('kv_namespace'), name: bindingName, namespace_id: z.string().min(1) }),
  z.object({ type: z.literal('d1'), name: bindingName, id: z.string().min(1) }),
  /** The Rate Limiting binding as Cloudflare's API names it: namespace_id is an integer the account chooses. */
  z.object({
    type: z.literal('ratelimit'),
    name: bindingName,
    namespace_id: z.union([z.string().regex(/^\d{1,10}$/, 'namespace_id is a positive integer'), z.number().int().min(1).max(9_999_999_999)]).transform(String),
    simple: z.object({ limit: z.number().int().min(1).max(1_000_000), period: z.union([z.literal(10), z.literal(60)]) }),
  }),
  z.object({
    type: z.literal('service'),
    name: bindingName,
    service: z.string().min(1),
    environment: z.string().optional(),
    entrypoint: z.string().optional(),
  }),
  z.object({
    type: z.literal('dispatch_namespace'),
    name: bindingName,
    namespace: z.string().min(1),
    outbound: z
      .object({
        worker: z.object({ service: z.string().min(1), environment: z.string().optional() }),
        params: z.array(z.object({ name: z.string().min(1) })).optional(),
      })
      .optional(),
  }),
]);
export type Binding = z.infer<typeof bindingSchema>;
export type BindingType = Binding['type'];
export const BINDING_TYPES = bindingSchema.options.map((o) => o.shape.type.value) as BindingType[];

export const workerMetadataSchema = z.object({
  main_module: z.string().min(1, 'main_module names the module the Worker starts from'),
  compatibility_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'compatibility_date is YYYY-MM-DD')
    .optional(),
  compatibility_flags: z
    .array(z.string().regex(/^[a-z0-9_]+$/))
    .max(32)
    // workerd always runs with --experimental (Miniflare passes it), so the flag would unlock
    // unfinished APIs for lab code: the platform does not accept it on uploads either.
    .refine((flags) => !flags.includes('experimental'), 'the "experimental" compatibility flag is not allowed on uploads')
    .optional(),
  bindings: z.array(bindingSchema).max(64).optional(),
  keep_bindings: z.array(z.string()).optional(),
  /** Account Workers whose tail() receives this Worker's trace items (and, for a dispatcher, its user Workers'). */
  tail_consumers: z
    .array(z.object({ service: z.string().min(1), environment: z.string().optional(), namespace: z.string().optional() }))
    .max(8)
    .optional(),
  tags: z
    .array(z.string().min(1).max(256).refine((t) => !/[,&]/.test(t), 'tags must not contain "," or "&"'))
    .max(MAX_TAGS, `a script has at most ${MAX_TAGS} tags`)
    .optional(),
});
export type WorkerMetadata = z.infer<typeof workerMetadataSchema>;

export const moduleTypeSchema = z.enum(['esm', 'commonjs', 'text', 'data', 'json', 'wasm']);
export const workerModuleSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(256)
    .refine((n) => !n.startsWith('__lab') && !n.includes('..') && !n.startsWith('/'), 'module names must be plain relative names'),
  type: moduleTypeSchema.default('esm'),
  content: z.string().max(MAX_MODULE_BYTES, `a module is at most ${MAX_MODULE_BYTES / 1024} KiB`),
});
export type WorkerModule = z.infer<typeof workerModuleSchema>;

export const workerUploadSchema = z
  .object({
    metadata: workerMetadataSchema,
    modules: z.array(workerModuleSchema).min(1, 'upload at least one module').max(MAX_MODULES),
  })
  .superRefine((upload, ctx) => {
    const names = new Set(upload.modules.map((m) => m.name));
    if (names.size !== upload.modules.length) ctx.addIssue({ code: 'custom', message: 'module names must be unique', path: ['modules'] });
    if (!names.has(upload.metadata.main_module))
      ctx.addIssue({ code: 'custom', message: `main_module "${upload.metadata.main_module}" is not one of the uploaded modules`, path: ['metadata', 'main_module'] });
    const total = upload.modules.reduce((n, m) => n + m.content.length, 0);
    if (total > MAX_SCRIPT_BYTES) ctx.addIssue({ code: 'custom', message: `a script is at most ${MAX_SCRIPT_BYTES / 1024 / 1024} MiB`, path: ['modules'] });
  });
export type WorkerUpload = z.input<typeof workerUploadSchema>;
export type ValidWorkerUpload = z.infer<typeof workerUploadSchema>;

export const stubOriginSchema = z.object({
  origin: z.url().transform((u) => new URL(u).origin),
  routes: z
    .array(
      z.object({
        method: z.string().toUpperCase().optional(),
        path: z.string().startsWith('/'),
        status: z.number().int().min(200).max(599).default(200),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.string().max(256 * 1024).optional(),
        /** Answer with the request as JSON ({ method, url, headers, body }), to show what reached the origin. */
        echo: z.boolean().optional(),
        /** Answer 401 unless these headers carry exactly these values (a lab origin that needs an injected key). */
        requireHeaders: z.record(z.string(), z.string()).optional(),
      }),
    )
    .max(64),
});
export type StubOrigin = z.infer<typeof stubOriginSchema>;

export const runRequestSchema = z.object({
  script: scriptNameSchema.optional(),
  method: z.string().regex(/^[A-Z]+$/, 'method is an upper-case HTTP method').default('GET'),
  url: z.url({ protocol: /^https?$/ }),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().max(1024 * 1024).optional(),
});
export type RunRequest = z.input<typeof runRequestSchema>;

/** Per-run budget a caller may ask for (checks use short ones). */
export const timeoutSchema = z.number().int().min(50).max(120_000);

export const customHostnamesSchema = z
  .array(
    z.object({
      hostname: z
        .string()
        .min(1)
        .max(253)
        .regex(/^[a-z0-9.-]+$/i, 'a hostname uses letters, digits, "-" and "."'),
      metadata: z.json().optional(),
    }),
  )
  .max(100);
