import { z } from 'zod';
import type { TokenSource } from './ags/token';
import { SCOPES } from './claims';
import { invalid } from './errors';
import { platformFetch, platformJson } from './platform-url';
import type { RosterMember } from './store/roster';
import type { Platform } from './store/platforms';

const membershipContainer = z.object({
  members: z.array(
    z.object({
      user_id: z.string().min(1),
      name: z.string().optional(),
      given_name: z.string().optional(),
      family_name: z.string().optional(),
      email: z.string().optional(),
      roles: z.array(z.string()).default([]),
      status: z.string().default('Active'),
    }),
  ),
});

const MAX_PAGES = 50;

/** Reads a context's members (NRPS 2.0), following `Link: <…>; rel="next"` pages. */
export async function fetchRoster(tokens: TokenSource, platform: Platform, membershipsUrl: string): Promise<RosterMember[]> {
  const token = await tokens.get(platform, [SCOPES.nrps]);
  const members: RosterMember[] = [];
  let url: string | undefined = membershipsUrl;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res = await platformFetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' } }, 'membership service');
    const body = membershipContainer.safeParse(await platformJson(res, 'membership service'));
    if (!body.success) throw invalid('The platform’s membership service answered in an unexpected shape.');
    for (const m of body.data.members) {
      members.push({
        subject: m.user_id,
        name: m.name || [m.given_name, m.family_name].filter(Boolean).join(' ') || m.user_id,
        email: m.email ?? null,
        roles: m.roles,
        status: m.status,
      });
    }
    url = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1];
  }
  return members;
}
