import { classSettingsInput } from '../../../server/classes/schemas';
import { readBody, requireUser } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';
import { InvalidInputError } from '../../../server/errors';
import { getQuizBank } from '../../../server/quiz-bank/bundled-bank';

export const prerender = false;

/** A class's name and settings (dates, review, attempts, which labs and quizzes count); its instructors only. */
export const POST = route(async (context) => {
  const user = requireUser(context.locals);
  const { classId, redirect, ...patch } = await readBody(context.request, classSettingsInput);
  const unknown = [...Object.keys(patch.perQuiz ?? {}), ...(patch.quiz ? [patch.quiz] : [])].filter((id) => !getQuizBank().get(id));
  if (unknown.length) throw new InvalidInputError(`perQuiz names no quiz of this course: ${unknown.join(', ')}.`);
  const updated = await getServices().classes.updateSettings(user.id, classId, patch);
  return done(context, redirect, `/instructor/classes/?class=${classId}&notice=Settings+saved.`, { class: { id: updated.id, name: updated.name, settings: updated.settings } });
});
