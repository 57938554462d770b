import { z } from 'zod';

/**
 * What a terminal project holds besides the lab's files: the customer Worker wrangler deploys, the
 * dispatch namespace it goes into, and the commands the lesson or lab asks for. Used by labs
 * (`terminal` in lab.ts) and by the lesson terminal pages.
 */
const scriptName = z.string().regex(/^[a-z0-9_][a-z0-9-_]*$/, 'a platform script name (lowercase, digits, - and _)');

export const terminalSpecSchema = z.object({
  /** The dispatch namespace the commands use. In a lab, the learner creates it: the sandbox starts without it. */
  namespace: scriptName,
  /** The Worker `wrangler deploy` uploads: its script name and entry file (a file of the project). */
  worker: z.object({
    name: scriptName,
    main: z.string().regex(/^[\w./-]+\.(js|mjs)$/, 'a .js file of the project'),
    compatibility_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2026-07-01'),
  }),
  /** The commands to run, in order, from the project folder (the fallback shows them; tests run them). */
  commands: z.array(z.string().min(1).regex(/^npx wrangler /, 'a wrangler command starting "npx wrangler "')).min(1),
});
export type TerminalSpec = z.infer<typeof terminalSpecSchema>;
export type TerminalSpecInput = z.input<typeof terminalSpecSchema>;

/** The learner's sandbox as wrangler needs it. */
export const terminalTargetSchema = z.object({
  apiBase: z.url(),
  accountId: z.string().regex(/^[0-9a-f]{32}$/, 'a 32-hex-digit account id'),
  token: z.string().min(16),
});
export type TerminalTarget = z.infer<typeof terminalTargetSchema>;
