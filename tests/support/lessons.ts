import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const DOCS_DIR = join(process.cwd(), 'src/content/docs');

/** Lesson slugs ("foundations/welcome"), derived from the content folder so the list cannot drift. */
export function lessonSlugs(): string[] {
  return readdirSync(DOCS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f) && f.includes(sep))
    .map((f) => relative('.', f).replace(/\.mdx?$/, '').split(sep).join('/'))
    .sort();
}

/** Absolute path of a lesson's source file. */
export function lessonFile(slug: string): string {
  return join(DOCS_DIR, `${slug}.mdx`);
}
