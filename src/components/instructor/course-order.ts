import { getCollection } from 'astro:content';

// The sidebar's section order (astro.config.mjs); lessons inside a section follow `sidebar.order`, then the slug.
const SECTIONS = ['foundations', 'building', 'isolation', 'pricing', 'capstone'];

/** Lessons in course order with their titles, for the gradebook's column groups. */
export async function courseLessons(): Promise<{ slug: string; title: string }[]> {
  const docs = await getCollection('docs');
  const section = (id: string) => {
    const i = SECTIONS.indexOf(id.split('/')[0] ?? '');
    return i < 0 ? SECTIONS.length : i;
  };
  return docs
    .filter((d) => d.id.includes('/'))
    .sort(
      (a, b) =>
        section(a.id) - section(b.id) ||
        (a.data.sidebar?.order ?? Number.MAX_SAFE_INTEGER) - (b.data.sidebar?.order ?? Number.MAX_SAFE_INTEGER) ||
        a.id.localeCompare(b.id),
    )
    .map((d) => ({ slug: d.id, title: d.data.title }));
}
