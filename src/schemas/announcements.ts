import { z } from 'zod';

/** A class an instructor announces so the lab runners warm up for it (POST /api/instructor/announcements). */
export const announcementInput = z
  .strictObject({
    /** The lab the class will open (its id, e.g. "first-dispatch"). */
    labId: z.string().trim().min(1, 'choose a lab').max(100),
    /** How many learners are expected. */
    learners: z.coerce.number().int('a whole number of learners').min(1, 'at least one learner').max(1_000, 'at most 1,000 learners per announcement'),
    /** When the class starts: ISO-8601 with an offset, or a date-time form field without one (read as UTC). */
    startsAt: z.iso.datetime({ offset: true, local: true, message: 'a start date and time' }).optional(),
    /** Or only the time of day, HH:MM (UTC): today, or tomorrow when that time has passed. */
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM').optional(),
    /** A short label shown on the dashboard ("Tuesday group"). */
    note: z.string().trim().max(200).optional(),
    redirect: z.string().optional(),
  })
  .refine((v) => (v.startsAt ? 1 : 0) + (v.at ? 1 : 0) === 1, { message: 'give the start as either startsAt (date and time) or at (HH:MM)', path: ['startsAt'] });

export type AnnouncementInput = z.infer<typeof announcementInput>;

export const cancelAnnouncementInput = z.strictObject({ redirect: z.string().optional() });
