import type { Migration } from './types';
import { migration as core } from './0001-core';
import { migration as invites } from './0002-invites';
import { migration as assessment } from './0003-assessment';
import { migration as lti } from './0004-lti';
import { migration as gradesSeen } from './0005-grades-seen';
import { migration as classAnnouncements } from './2026-12-06-class-announcements';
import { migration as limits } from './2026-12-06-limits';
import { migration as labRunners } from './2026-12-06-lab-runners';
import { migration as anonymousProgress } from './2026-12-06-anonymous-progress';
import { migration as regradeAdjustments } from './2026-12-06-regrade-adjustments';
import { migration as ltiRegistrationChanges } from './2026-12-06-lti-registration-changes';
import { migration as classes } from './2026-12-06-classes';

export type { Migration } from './types';

/**
 * Every migration in the order it runs. To change the schema, add a file and append it here; the first five
 * were the SQLite `user_version` migrations 1–5, so a database at user_version N has the first N applied.
 */
export const migrations: readonly Migration[] = [
  core,
  invites,
  assessment,
  lti,
  gradesSeen,
  classAnnouncements,
  limits,
  labRunners,
  anonymousProgress,
  regradeAdjustments,
  ltiRegistrationChanges,
  classes,
];
