/**
 * One named schema change. `sql` when the text runs on both dialects (INTEGER, TEXT, REAL, `ON CONFLICT`),
 * otherwise one text per dialect. Append-only: a shipped migration is never edited.
 */
export interface Migration {
  id: string;
  sql?: string;
  sqlite?: string;
  postgres?: string;
}
