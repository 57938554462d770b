import { getCollection } from 'astro:content';

let ids: Promise<Set<string>> | undefined;

/** Whether `id` is an entry of the docs collection (read once per build). */
export async function isLessonId(id: string): Promise<boolean> {
  ids ??= getCollection('docs').then((entries) => new Set(entries.map((e) => e.id)));
  return (await ids).has(id);
}
