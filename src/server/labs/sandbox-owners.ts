/**
 * Which signed-in learner created each lab sandbox. A pass is recorded only for checks run in the learner's own
 * sandbox, so a pass cannot be earned with someone else's sandbox token. In memory, like the sandboxes themselves.
 */
const owners = new Map<string, number>();
const MAX_ENTRIES = 10_000;

export function rememberSandboxOwner(sandboxId: string, userId: number): void {
  if (owners.size >= MAX_ENTRIES) owners.delete(owners.keys().next().value!);
  owners.set(sandboxId, userId);
}

export function sandboxOwner(sandboxId: string | undefined): number | undefined {
  return sandboxId ? owners.get(sandboxId) : undefined;
}
