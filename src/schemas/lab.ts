import { z } from 'zod';
import { terminalSpecSchema } from './terminal';

/**
 * Lab definitions (labs/<nn-slug>/lab.ts). Everything a learner sees is data here; checks are small
 * functions run by the server against the learner's sandbox. Validated when the registry loads, so a
 * broken lab fails the build with the file and field named.
 */

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a JavaScript identifier');
const scriptName = z.string().regex(/^[a-z0-9_][a-z0-9-_]*$/, 'a platform script name (lowercase, digits, - and _)');
const resourceName = z.string().regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - and _');

/** Bindings in platform.json: like Cloudflare's metadata, but pointing at lab resources by name. */
export const labBindingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('plain_text'), name: identifier, text: z.string() }),
  z.object({ type: z.literal('secret_text'), name: identifier, text: z.string() }),
  z.object({ type: z.literal('json'), name: identifier, json: z.json() }),
  z.object({ type: z.literal('kv_namespace'), name: identifier, kv: resourceName }),
  z.object({ type: z.literal('d1'), name: identifier, d1: resourceName }),
  z.object({ type: z.literal('service'), name: identifier, service: scriptName }),
  /** Cloudflare's Rate Limiting binding (wrangler `ratelimits`): a limit per period (10 or 60 s) per key. */
  z.object({
    type: z.literal('ratelimit'),
    name: identifier,
    namespace_id: z.string().regex(/^\d{1,10}$/),
    simple: z.object({ limit: z.number().int().min(1), period: z.union([z.literal(10), z.literal(60)]) }),
  }),
  z.object({
    type: z.literal('dispatch_namespace'),
    name: identifier,
    namespace: scriptName,
    /** Wrangler's shape: `parameters` are the names the dispatcher may pass per call with get(…, { outbound }). */
    outbound: z.strictObject({ service: scriptName, parameters: z.array(identifier).default([]) }).optional(),
  }),
  /** The sandbox's own account id and API token, for platform code that calls the Cloudflare API. */
  z.object({ type: z.literal('sandbox_account_id'), name: identifier }),
  z.object({ type: z.literal('sandbox_api_token'), name: identifier }),
]);
export type LabBinding = z.infer<typeof labBindingSchema>;

const workerEntry = z.object({
  name: scriptName,
  main: z.string().regex(/^[\w./-]+\.(js|ts|mjs)$/, 'a .js or .ts file of this lab'),
  bindings: z.array(labBindingSchema).default([]),
  compatibility_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2026-07-01'),
  compatibility_flags: z.array(z.string()).default([]),
  /** Account Workers whose tail() handler receives this Worker's trace events (Cloudflare's `tail_consumers`). */
  tail_consumers: z.array(z.strictObject({ service: scriptName })).max(8).optional(),
});

/** platform.json: which Workers exist, which file each runs and what it is bound to. */
export const platformConfigSchema = z.object({
  namespace: scriptName.default('production'),
  dispatcher: workerEntry,
  outbound: workerEntry.optional(),
  /** More account Workers of the platform (for example a Tail Worker), uploaded before the dispatcher. */
  accountWorkers: z.array(workerEntry).default([]),
  userWorkers: z.array(workerEntry.extend({ tags: z.array(z.string()).max(8).default([]) })).default([]),
});
export type PlatformConfig = z.infer<typeof platformConfigSchema>;

export const labFileSchema = z.object({
  path: z.string().regex(/^[\w./-]+$/),
  label: z.string().min(1),
  editable: z.boolean().default(false),
});

export const presetSchema = z.object({
  label: z.string().min(1),
  method: z.string().regex(/^[A-Z]+$/).default('GET'),
  url: z.url(),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
});
export type Preset = z.infer<typeof presetSchema>;

export const labDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  /** Docs slug of the lesson the lab belongs to. */
  lesson: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/),
  /** What the learner must achieve: plain text, where `backticks` mark code (rendered as <code>). */
  goal: z.string().min(1),
  files: z.array(labFileSchema).min(1),
  resources: z
    .object({
      kv: z.record(resourceName, z.record(z.string(), z.string())).default({}),
      /** SQL run once when the sandbox is created. */
      d1: z.record(resourceName, z.string()).default({}),
    })
    .prefault({}),
  stubs: z
    .array(
      z.object({
        origin: z.url(),
        routes: z.array(
          z.object({
            method: z.string().optional(),
            path: z.string().startsWith('/'),
            status: z.number().int().default(200),
            headers: z.record(z.string(), z.string()).optional(),
            body: z.string().optional(),
            echo: z.boolean().optional(),
            /** Answer 401 unless the request carries these headers with these exact values (e.g. an injected key). */
            requireHeaders: z.record(z.string(), z.string()).optional(),
          }),
        ),
      }),
    )
    .default([]),
  /** Cloudflare for SaaS custom hostnames: the dispatcher sees `metadata` as request.cf.hostMetadata. */
  customHostnames: z.array(z.strictObject({ hostname: z.string().min(1), metadata: z.json().optional() })).default([]),
  /** A lab done partly from the command line: it gets a Terminal tab, and its sandbox starts without `terminal.namespace`. */
  terminal: terminalSpecSchema.optional(),
  hosts: z.array(z.string().min(1)).min(1),
  presets: z.array(presetSchema).min(1),
  hints: z.array(z.string().min(1)).min(1),
  checks: z
    .array(
      z.object({
        name: z.string().min(1),
        /** Time budget of each request this check sends (default DEFAULT_CHECK_TIMEOUT_MS): short, so a tenant that hangs on purpose costs little. */
        timeoutMs: z.number().int().min(100).max(30_000).optional(),
        run: z.custom<CheckFunction>((v) => typeof v === 'function', 'a function (context) => Promise<void>'),
      }),
    )
    .min(1),
});

/** A D1 statement as checks use it: bind values, then read every row. */
export interface CheckStatement {
  bind(...values: unknown[]): CheckStatement;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
}

/** What a check can do: send requests into the learner's sandbox and read its data with privilege. */
export interface CheckContext {
  /** Sends a request through the dispatch Worker; `timeoutMs` overrides the check's budget for this one request. */
  send(request: { method?: string; url: string; headers?: Record<string, string>; body?: string }, options?: { timeoutMs?: number }): Promise<CheckRun>;
  d1(resource: string): Promise<{ prepare(sql: string): CheckStatement }>;
  kv(resource: string): Promise<{ get(key: string): Promise<string | null>; put(key: string, value: string): Promise<void> }>;
  /** The bindings a user Worker was uploaded with; `resource` names the lab's KV/D1 resource it points at. */
  bindingsOf(userWorker: string): Promise<Array<{ name: string; type: string; resource?: string; text?: string }>>;
  /** Names of the scripts in a dispatch namespace, or null when the namespace does not exist. */
  namespaceScripts(namespace: string): Promise<string[] | null>;
  /** Tags of a user Worker, or null when it does not exist. */
  tagsOf(userWorker: string): Promise<string[] | null>;
  /** Fails the check with a message that says what was expected and what happened. */
  fail(message: string): never;
}

export interface CheckRun {
  status: number | null;
  body: string;
  headers: Record<string, string>;
  logs: Array<{ worker: string; level: string; message: string }>;
  trace: { hops: Array<{ kind: string; worker: string; status: number | null; error: string | null; violation?: string; origin?: string; via?: string }> };
  error: { kind: string; message: string } | null;
}

/** Budget of a check's request when the check does not name one. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

export type CheckFunction = (context: CheckContext) => Promise<void>;
export type LabDefinitionInput = z.input<typeof labDefinitionSchema>;
export type LabDefinition = z.infer<typeof labDefinitionSchema>;

/** Used by labs/<nn-slug>/lab.ts for types; validation happens in the registry. */
export const defineLab = (lab: LabDefinitionInput) => lab;
