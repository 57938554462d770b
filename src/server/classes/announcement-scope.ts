import { NotFoundError } from '../errors';
import type { SessionUser } from '../http/request';
import { getStore } from '../store/instance';

/**
 * Class announcements (the warm pool's schedule) carry no learner data, but one instructor's must not be cancelled or
 * read by another's: each instructor sees and changes their own; a site administrator all of them.
 */
export async function announcementFilter(user: SessionUser): Promise<(a: { createdBy: number | null }) => boolean> {
  const admin = await getStore().classes.isAdmin(user.id);
  return (a) => admin || a.createdBy === user.id;
}

export async function assertOwnAnnouncement(user: SessionUser, announcement: { createdBy: number | null } | undefined): Promise<void> {
  if (!announcement || !(await announcementFilter(user))(announcement)) throw new NotFoundError('No such class announcement.');
}
