/**
 * Lines wrangler prints after it changed the account (namespace created, renamed or deleted; a script
 * uploaded; a KV namespace or D1 database created). The in-browser terminal watches its output for them
 * to refresh the workbench's view of the sandbox at once.
 */
const CHANGED = /Created dispatch namespace|Renamed dispatch namespace|Deleted dispatch namespace|Uploaded \S+|Current Version ID|Successfully created/;

export const changedAccount = (output: string): boolean => CHANGED.test(output);
