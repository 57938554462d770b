import type { AnnouncementInput } from '../../schemas/announcements';
import { InvalidInputError, NotFoundError } from '../errors';
import type { AnnouncementsRepository, ClassAnnouncement } from '../store/announcements';
import type { ClassScheduler } from './scheduler';

export interface AnnouncementServiceOptions {
  repository: () => AnnouncementsRepository;
  /** The lab's title, or undefined when there is no such lab. */
  labTitle: (labId: string) => string | undefined;
  scheduler: ClassScheduler;
  now?: () => number;
}

const MAX_AHEAD_MS = 180 * 24 * 60 * 60_000;
/** Shown on the dashboard for this long after a class started (its latecomers are still served warm). */
const SHOWN_AFTER_START_MS = 60 * 60_000;

/** When a class starts, from a full date-time (no offset: UTC) or a time of day HH:MM (UTC, next occurrence). */
export function startOf(input: Pick<AnnouncementInput, 'startsAt' | 'at'>, now: number): number {
  if (input.startsAt) return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(input.startsAt) ? input.startsAt : `${input.startsAt}Z`);
  const [h, m] = input.at!.split(':').map(Number) as [number, number];
  const today = new Date(now);
  const at = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), h, m);
  return at > now ? at : at + 24 * 60 * 60_000;
}

/** Instructors announce classes; the scheduler warms the lab runners for them. */
export function createAnnouncementService(options: AnnouncementServiceOptions) {
  const now = options.now ?? Date.now;
  return {
    async announce(actorId: number, input: AnnouncementInput): Promise<ClassAnnouncement> {
      if (!options.labTitle(input.labId)) throw new InvalidInputError(`There is no lab "${input.labId}".`, { field: 'labId' });
      const at = startOf(input, now());
      if (!Number.isFinite(at)) throw new InvalidInputError('The start time is not a valid date.', { field: 'startsAt' });
      if (at <= now()) throw new InvalidInputError('The class must start in the future: the warm-up happens before it.', { field: 'startsAt' });
      if (at - now() > MAX_AHEAD_MS) throw new InvalidInputError('Announce classes at most 180 days ahead.', { field: 'startsAt' });
      const created = await options.repository().create({ labId: input.labId, learners: input.learners, startsAt: new Date(at).toISOString(), note: input.note, createdBy: actorId });
      await options.scheduler.sync();
      return created;
    },
    /** Classes that have not started yet, or started within the last hour. */
    async list(): Promise<ClassAnnouncement[]> {
      return options.repository().listFrom(new Date(now() - SHOWN_AFTER_START_MS).toISOString());
    },
    async get(id: string): Promise<ClassAnnouncement> {
      const found = await options.repository().get(id);
      if (!found) throw new NotFoundError('No such class announcement.');
      return found;
    },
    async cancel(id: string): Promise<ClassAnnouncement> {
      const repo = options.repository();
      const found = await repo.get(id);
      if (!found) throw new NotFoundError('No such class announcement.');
      if (!(await repo.cancel(id))) return found;
      await options.scheduler.sync();
      return (await repo.get(id))!;
    },
  };
}

export type AnnouncementService = ReturnType<typeof createAnnouncementService>;
