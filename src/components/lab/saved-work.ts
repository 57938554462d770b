/** Keeps a learner's edits in localStorage, per lab, so a reload or a closed tab loses nothing. */
export interface SavedWork {
  files: Record<string, string>;
  savedAt: string;
}

const keyOf = (labId: string) => `wfp-lab-work:${labId}`;

export function loadWork(labId: string): SavedWork | null {
  try {
    return JSON.parse(localStorage.getItem(keyOf(labId)) ?? 'null') as SavedWork | null;
  } catch {
    return null;
  }
}

export function saveWork(labId: string, files: Record<string, string>): void {
  try {
    localStorage.setItem(keyOf(labId), JSON.stringify({ files, savedAt: new Date().toISOString() } satisfies SavedWork));
  } catch {
    /* storage full or disabled: the editor still holds the work */
  }
}

export function clearWork(labId: string): void {
  localStorage.removeItem(keyOf(labId));
}
