import type { Store } from '../store/create-store';
import { scoreChanged } from '../score-events';

/**
 * Progress a browser makes before signing in (lab passes from its own sandbox, solution views, completed lessons),
 * kept under its anonymous owner key and moved to the account it signs up for or into.
 */
export function createAnonymousProgress(store: Store) {
  return {
    async recordPass(owner: string, labId: string, files: Record<string, string>): Promise<void> {
      await store.anonymous.record(owner, 'lab_pass', labId, files);
    },
    async recordSolutionView(owner: string, labId: string): Promise<void> {
      await store.anonymous.record(owner, 'solution_view', labId);
    },
    async setLessonComplete(owner: string, lesson: string, complete: boolean): Promise<void> {
      if (complete) await store.anonymous.record(owner, 'lesson', lesson);
      else await store.anonymous.remove(owner, 'lesson', lesson);
    },
    async summary(owner: string | null) {
      const records = owner ? await store.anonymous.list(owner) : [];
      const of = (kind: string) => records.filter((r) => r.kind === kind);
      return {
        completedLessons: of('lesson').map((r) => ({ lesson: r.item, completedAt: r.at })),
        passedLabs: of('lab_pass').map((r) => ({ labId: r.item, passedAt: r.at })),
      };
    },
    /**
     * Moves everything to the account. Solution views go first, so a pass made after viewing the solution says so.
     * Every write is idempotent: a second claim (or one that stopped half-way) adds nothing twice.
     */
    async claim(owner: string | null, userId: number): Promise<{ passes: number; lessons: number; solutionViews: number }> {
      if (!owner) return { passes: 0, lessons: 0, solutionViews: 0 };
      const records = await store.anonymous.list(owner);
      const views = records.filter((r) => r.kind === 'solution_view');
      const passes = records.filter((r) => r.kind === 'lab_pass');
      const lessons = records.filter((r) => r.kind === 'lesson');
      for (const r of views) await store.progress.recordSolutionView(userId, r.item);
      const already = new Set((await store.progress.listLabPasses(userId)).map((p) => p.labId));
      for (const r of passes) {
        await store.progress.recordLabPass(userId, r.item, r.data ? { files: r.data } : {});
        if (!already.has(r.item)) await scoreChanged({ userId, kind: 'lab', itemId: r.item });
      }
      for (const r of lessons) await store.progress.markLessonComplete(userId, r.item);
      await store.anonymous.removeAll(owner);
      return { passes: passes.length, lessons: lessons.length, solutionViews: views.length };
    },
  };
}

export type AnonymousProgress = ReturnType<typeof createAnonymousProgress>;
