import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { quizSchema } from './schemas/quiz';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  // Entry ids are file names; src/server/quiz-bank also checks that each file's `id` matches its name.
  quizzes: defineCollection({
    loader: glob({ pattern: '*.{yaml,yml}', base: './src/content/quizzes', generateId: ({ entry }) => entry.replace(/\.ya?ml$/, '') }),
    schema: quizSchema,
  }),
};
