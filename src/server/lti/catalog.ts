import type { QuizBank } from '../quiz-bank/parse-bank';

export type ItemKind = 'lesson' | 'quiz' | 'lab';

export interface CatalogItem {
  kind: ItemKind;
  id: string;
  title: string;
  /** Site path the item opens at. */
  path: string;
  /** Graded items carry the LMS line item's maximum score. */
  scoreMaximum: number | null;
}

const lessonSources = import.meta.glob<string>('../../content/docs/**/*.{md,mdx}', { query: '?raw', import: 'default', eager: true });

function lessons(): CatalogItem[] {
  return Object.entries(lessonSources)
    .map(([file, text]) => {
      const id = file.replace(/^.*content\/docs\//, '').replace(/\.mdx?$/, '');
      const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(text)?.[1] ?? id;
      return { kind: 'lesson' as const, id, title, path: `/${id}/`, scoreMaximum: null };
    })
    .filter((l) => l.id !== 'index' && l.id.includes('/'))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** What an instructor can link from the LMS: lessons, quizzes (graded by points) and labs (1 point for a pass). */
export function createCatalog(deps: { bank: QuizBank; labs: () => { id: string; title: string }[] }) {
  const items = (): CatalogItem[] => [
    ...lessons(),
    ...deps.bank.list().map((q) => ({ kind: 'quiz' as const, id: q.id, title: q.title, path: `/quizzes/${q.id}/`, scoreMaximum: q.questions.reduce((s, x) => s + x.points, 0) })),
    ...deps.labs().map((l) => ({ kind: 'lab' as const, id: l.id, title: l.title, path: `/labs/${l.id}/`, scoreMaximum: 1 })),
  ];
  return {
    items,
    find: (kind: string, id: string) => items().find((i) => i.kind === kind && i.id === id),
    /** The item a target_link_uri path (or our `course_item` custom parameter, `kind:id`) points at. */
    resolve(path: string, custom?: unknown): CatalogItem | undefined {
      const all = items();
      if (typeof custom === 'string') {
        const [kind, id] = custom.split(':');
        const hit = all.find((i) => i.kind === kind && i.id === id);
        if (hit) return hit;
      }
      const normal = path.endsWith('/') ? path : `${path}/`;
      return all.find((i) => i.path === normal);
    },
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
