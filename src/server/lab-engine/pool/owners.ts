/** Who a sandbox belongs to: a signed-in learner (`user:<id>`) or an anonymous lab session (`anon:<hash>`). */
export interface LabOwner {
  key: string;
  anonymous: boolean;
}

/** Which sandboxes each owner holds, oldest first, and how many belong to anonymous visitors. */
export function createOwnerRegistry() {
  const byOwner = new Map<string, string[]>();
  const ownerOf = new Map<string, LabOwner>();
  let anonymous = 0;
  return {
    add(owner: LabOwner, sandboxId: string) {
      byOwner.set(owner.key, [...(byOwner.get(owner.key) ?? []), sandboxId]);
      ownerOf.set(sandboxId, owner);
      if (owner.anonymous) anonymous++;
    },
    remove(sandboxId: string) {
      const owner = ownerOf.get(sandboxId);
      if (!owner) return;
      ownerOf.delete(sandboxId);
      if (owner.anonymous) anonymous--;
      const left = (byOwner.get(owner.key) ?? []).filter((id) => id !== sandboxId);
      if (left.length) byOwner.set(owner.key, left);
      else byOwner.delete(owner.key);
    },
    held: (ownerKey: string): readonly string[] => byOwner.get(ownerKey) ?? [],
    isAnonymous: (sandboxId: string) => ownerOf.get(sandboxId)?.anonymous ?? false,
    get anonymousCount() {
      return anonymous;
    },
  };
}
