/**
 * Who created each lab sandbox: an owner key, `user:<id>` or `anon:<hash of the browser's lab session>`. A pass is
 * recorded only for checks run in the learner's own sandbox (or, after signing in, the sandbox this browser made
 * before), so a pass cannot be earned with someone else's sandbox token. In memory, like the sandboxes themselves.
 */
const owners = new Map<string, string>();
const MAX_ENTRIES = 10_000;

export function rememberSandboxOwner(sandboxId: string, ownerKey: string): void {
  if (owners.size >= MAX_ENTRIES) owners.delete(owners.keys().next().value!);
  owners.set(sandboxId, ownerKey);
}

export function sandboxOwner(sandboxId: string | undefined): string | undefined {
  return sandboxId ? owners.get(sandboxId) : undefined;
}
