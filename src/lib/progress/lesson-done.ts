/**
 * The one definition of a "done" lesson, used by the sidebar, /course/, /grades/, the instructor dashboard and the
 * gradebook: the learner marked it complete, or passed a lab embedded in it.
 */
export interface LessonProgressFacts {
  completedLessons: readonly string[];
  passedLabs: readonly string[];
}

/** lesson slug → the ids of the labs embedded in it. */
export type LabsByLesson = Readonly<Record<string, readonly string[]>>;

export function isLessonDone(facts: LessonProgressFacts, lesson: string, labsByLesson: LabsByLesson): boolean {
  if (facts.completedLessons.includes(lesson)) return true;
  return (labsByLesson[lesson] ?? []).some((id) => facts.passedLabs.includes(id));
}

/** Every done lesson among `lessons` (default: every lesson named in the facts or with a lab). */
export function doneLessons(facts: LessonProgressFacts, labsByLesson: LabsByLesson, lessons?: readonly string[]): Set<string> {
  const candidates = lessons ?? [...new Set([...facts.completedLessons, ...Object.keys(labsByLesson)])];
  return new Set(candidates.filter((lesson) => isLessonDone(facts, lesson, labsByLesson)));
}
