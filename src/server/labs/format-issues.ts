import type { z } from 'zod';

/** "field.path: message" for each zod issue, so authors and learners see exactly what to fix. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
