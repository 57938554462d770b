import { z } from 'zod';

/**
 * Operator settings for the in-browser terminal. `LAB_TERMINAL=off` stops every page from loading
 * StackBlitz's runtime (the Terminal tab then shows the commands for the learner's own terminal);
 * `WEBCONTAINER_CLIENT_ID` is the WebContainer API licence's client id, without which it does not boot.
 */
const settingsSchema = z.object({
  LAB_TERMINAL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'LAB_TERMINAL must be "on" or "off".' }))
    .optional(),
  WEBCONTAINER_CLIENT_ID: z.string().trim().optional(),
});

export interface TerminalSettings {
  enabled: boolean;
  clientId: string | null;
}

export function terminalSettings(env: Record<string, string | undefined> = process.env): TerminalSettings {
  const parsed = settingsSchema.safeParse({ LAB_TERMINAL: env.LAB_TERMINAL || undefined, WEBCONTAINER_CLIENT_ID: env.WEBCONTAINER_CLIENT_ID || undefined });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join(' '));
  const flag = parsed.data.LAB_TERMINAL ?? 'on';
  return { enabled: !['off', 'false', '0'].includes(flag), clientId: parsed.data.WEBCONTAINER_CLIENT_ID || null };
}
