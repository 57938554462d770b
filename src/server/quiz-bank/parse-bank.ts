import { parse as parseYaml } from 'yaml';
import { parseQuiz, QuizContentError, type Quiz } from '../../schemas/quiz';

export interface QuizFile {
  /** Path or file name, used in error messages and to check the id. */
  name: string;
  text: string;
}

export interface QuizBank {
  get(id: string): Quiz | undefined;
  list(): Quiz[];
}

/** Validates every quiz file; one bad file fails the whole bank, naming the file and field. */
export function parseQuizBank(files: QuizFile[]): QuizBank {
  const quizzes = new Map<string, Quiz>();
  for (const file of files) {
    let data: unknown;
    try {
      data = parseYaml(file.text);
    } catch (error) {
      throw new QuizContentError(`Invalid quiz file ${file.name}: not valid YAML (${(error as Error).message})`);
    }
    const quiz = parseQuiz(data, file.name);
    quizzes.set(quiz.id, quiz);
  }
  const sorted = [...quizzes.values()].sort((a, b) => a.lesson.localeCompare(b.lesson) || a.id.localeCompare(b.id));
  return { get: (id) => quizzes.get(id), list: () => sorted };
}
