import { getCollection } from 'astro:content';
import { COURSE_SECTIONS } from '../../lib/course/sections.mjs';

export interface CourseLesson {
  slug: string;
  title: string;
  /** The sidebar section's folder and label. */
  section: string;
  sectionLabel: string;
}

const SECTIONS: readonly string[] = COURSE_SECTIONS.map((s) => s.directory);

/**
 * Lessons in course order with their titles: the sidebar's sections (src/lib/course/sections.mjs), lessons inside a
 * section by `sidebar.order`, then the slug. Used by /course/, /grades/ and the gradebook.
 */
export async function courseLessons(): Promise<CourseLesson[]> {
  const docs = await getCollection('docs');
  const section = (id: string) => {
    const i = SECTIONS.indexOf(id.split('/')[0] ?? '');
    return i < 0 ? SECTIONS.length : i;
  };
  return docs
    .filter((d) => d.id.includes('/') && SECTIONS.includes(d.id.split('/')[0]!))
    .sort(
      (a, b) =>
        section(a.id) - section(b.id) ||
        (a.data.sidebar?.order ?? Number.MAX_SAFE_INTEGER) - (b.data.sidebar?.order ?? Number.MAX_SAFE_INTEGER) ||
        a.id.localeCompare(b.id),
    )
    .map((d) => {
      const s = COURSE_SECTIONS[section(d.id)]!;
      return { slug: d.id, title: d.data.title, section: s.directory, sectionLabel: s.label };
    });
}
