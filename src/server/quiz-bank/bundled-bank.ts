import { parseQuizBank, type QuizBank } from './parse-bank';

// Bundled at build time so the server needs no src/ folder at run time; the same files feed the `quizzes` collection.
const files = import.meta.glob<string>('../../content/quizzes/*.{yaml,yml}', { query: '?raw', import: 'default', eager: true });

let bank: QuizBank | undefined;

export function getQuizBank(): QuizBank {
  bank ??= parseQuizBank(Object.entries(files).map(([name, text]) => ({ name: name.replace(/^.*\//, 'src/content/quizzes/'), text })));
  return bank;
}
