import { randomBytes } from 'node:crypto';
import { hashToken, startSession } from '../auth/sessions';
import { countedAttempt } from '../grading/scores';
import type { QuizBank } from '../quiz-bank/parse-bank';
import type { Store } from '../store/create-store';
import type { ScoreChange } from '../score-events';
import type { User } from '../store/users';
import { linkAccount } from './accounts';
import { createScoreOutbox } from './ags/outbox';
import { postScore, type ScorePayload } from './ags/score';
import { createTokenSource } from './ags/token';
import { createCatalog } from './catalog';
import { courseRole, LTI } from './claims';
import { createClassService } from '../classes/service';
import { deepLinkingResponse, deepLinkPickSchema } from './deep-linking';
import { invalid, LtiError, rejected } from './errors';
import { createToolKeys } from './keys';
import { consumeLaunch, verifyLaunch, type NeedsStorage } from './launch';
import type { LaunchClaims } from './launch-claims';
import { platformUrl } from './platform-url';
import { startLogin } from './login';
import { fetchRoster } from './nrps';
import { createRegistration, registrationMode } from './registration';

/**
 * Where this LMS shows its pages, from the launch: its return URL and platform URL. Canvas, for one, authorises on
 * one host and shows courses on another, so the authorization endpoint's origin alone would not let it frame us.
 */
function frameOrigins(claims: LaunchClaims): string[] {
  const urls = [claims[LTI.launchPresentation]?.return_url, claims[LTI.toolPlatform]?.url];
  return urls.flatMap((u) => {
    try {
      return u ? [platformUrl(u, 'url').origin] : [];
    } catch {
      return []; // Not https (or not a URL): never allowed to frame us.
    }
  });
}

const LAUNCH_TOKEN_TTL_MS = 5 * 60 * 1000;
const DEEP_LINK_TTL_MS = 60 * 60 * 1000;

export interface LtiOptions {
  store: Store;
  bank: QuizBank;
  labs: () => { id: string; title: string }[];
  env?: Record<string, string | undefined>;
}

export type LaunchOutcome =
  | NeedsStorage
  | { kind: 'signed-in'; user: User; session: { token: string; expiresAt: Date }; redirect: string; launchToken: string };

/** LTI 1.3 + Advantage for the course: registration, launches, deep linking, grade passback and rosters. */
export function createLtiService(o: LtiOptions) {
  const { store } = o;
  const env = o.env ?? process.env;
  const repo = store.lti;
  const keys = createToolKeys(repo.keys);
  const tokens = createTokenSource(keys);
  const catalog = createCatalog({ bank: o.bank, labs: o.labs });
  const registration = createRegistration({ repo, mode: () => registrationMode(env.LTI_REGISTRATION) });
  const outbox = createScoreOutbox({
    repo,
    baseDelayMs: Math.max(10, Number(env.LTI_RETRY_BASE_MS) || 30_000),
    maxTries: Math.max(1, Number(env.LTI_RETRY_MAX_TRIES) || 6),
    async send(targetId, score) {
      const target = await repo.links.getTarget(targetId);
      const platform = target && (await repo.platforms.get(target.platformId));
      if (!target || !platform) return; // Deleted meanwhile: nothing to deliver.
      await postScore(tokens, platform, target.lineitem, score);
    },
  });

  /** The current score of a learner at an item, in AGS terms; undefined when there is nothing to report yet. */
  async function currentScore(userId: number, kind: 'quiz' | 'lab', itemId: string, subject: string): Promise<ScorePayload | undefined> {
    const timestamp = new Date().toISOString();
    if (kind === 'lab') {
      const passed = (await store.progress.listLabPasses(userId)).some((p) => p.labId === itemId);
      return passed ? { userId: subject, scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp } : undefined;
    }
    const quiz = o.bank.get(itemId);
    if (!quiz) return undefined;
    const counted = countedAttempt(await store.attempts.listForLearner(userId, itemId), quiz.attempts);
    if (!counted) return undefined;
    return {
      userId: subject,
      scoreGiven: counted.score,
      scoreMaximum: counted.max,
      // A free-text answer waiting for an instructor: submitted, not yet fully graded (AGS 3.4.6/3.4.7).
      activityProgress: counted.pending ? 'Submitted' : 'Completed',
      gradingProgress: counted.pending ? 'PendingManual' : 'FullyGraded',
      timestamp,
    };
  }

  async function scoreChanged(change: ScoreChange): Promise<void> {
    let queued = false;
    for (const target of await repo.links.targetsFor(change.userId, change.kind, change.itemId)) {
      const score = await currentScore(change.userId, change.kind, change.itemId, target.subject);
      if (score) {
        await repo.scores.enqueue(target.id, score);
        queued = true;
      }
    }
    if (queued) void outbox.kick();
  }

  async function launch(form: unknown, cookie: (name: string) => string | undefined, toolOrigin: string): Promise<LaunchOutcome> {
    const v = await verifyLaunch(repo, form, cookie, toolOrigin);
    if (v.kind === 'needs-storage') return v;
    const { claims, platform } = v;
    const deepLinking = claims[LTI.messageType] === 'LtiDeepLinkingRequest';
    const target = new URL(claims[LTI.targetLinkUri]);
    const item = deepLinking ? undefined : catalog.resolve(target.pathname, claims[LTI.custom]?.course_item);
    const outcome = await store.transaction(async (tx) => {
      const repo = tx.lti;
      if (!(await consumeLaunch(repo, v))) throw rejected('Launch refused: this launch token was already used.');
      const user = await linkAccount(tx, platform, claims);
      await repo.platforms.addFrameOrigins(platform.id, frameOrigins(claims));
      // The LMS's role counts in this context's class only (Instructor and TeachingAssistant teach it).
      const role = courseRole(claims[LTI.roles]);
      if (deepLinking && role !== 'instructor') throw new LtiError('forbidden', 'Only instructors can add course items to the LMS.');
      const context = claims[LTI.context];
      await createClassService(tx).forLaunch(tx, {
        platformId: platform.id,
        deploymentId: claims[LTI.deploymentId],
        contextId: context?.id ?? null,
        title: context ? context.title || context.label || context.id : `${platform.name} (no course)`,
        userId: user.id,
        role,
      });
      if (context) {
        await repo.links.upsertContext({
          platformId: platform.id,
          contextId: context.id,
          title: context.title || context.label || context.id,
          membershipsUrl: claims[LTI.nrps]?.context_memberships_url ?? null,
          lineitemsUrl: claims[LTI.ags]?.lineitems ?? null,
        });
      }
      const lineitem = claims[LTI.ags]?.lineitem;
      let graded: { kind: 'quiz' | 'lab'; id: string } | undefined;
      if (lineitem && item && (item.kind === 'quiz' || item.kind === 'lab') && role === 'learner') {
        await repo.links.saveTarget({ platformId: platform.id, userId: user.id, subject: claims.sub, lineitem, kind: item.kind, itemId: item.id });
        graded = { kind: item.kind, id: item.id };
      }
      let redirect = item?.path ?? (target.pathname.startsWith('/lti/') ? '/' : target.pathname);
      if (deepLinking) {
        const token = randomBytes(32).toString('base64url');
        const s = claims[LTI.deepLinkingSettings]!;
        await repo.launches.saveDeepLink(
          hashToken(token),
          { platformId: platform.id, deploymentId: claims[LTI.deploymentId], userId: user.id, returnUrl: s.deep_link_return_url, data: s.data ?? null, acceptMultiple: s.accept_multiple !== false },
          new Date(Date.now() + DEEP_LINK_TTL_MS).toISOString(),
        );
        redirect = `/lti/deep-link/?request=${token}`;
      }
      const launchToken = randomBytes(32).toString('base64url');
      await repo.launches.saveLaunchToken(hashToken(launchToken), user.id, redirect, new Date(Date.now() + LAUNCH_TOKEN_TTL_MS).toISOString());
      const session = await startSession(tx.sessions, user.id);
      return { user, session, redirect, launchToken, graded };
    });
    // A learner who already has a score here (an earlier attempt) gets it posted to this line item too.
    if (outcome.graded) await scoreChanged({ userId: outcome.user.id, kind: outcome.graded.kind, itemId: outcome.graded.id });
    return { kind: 'signed-in', user: outcome.user, session: outcome.session, redirect: outcome.redirect, launchToken: outcome.launchToken };
  }

  return {
    keys,
    catalog,
    registration,
    scoreChanged,
    deliverScores: () => outbox.kick(),
    login: (input: unknown, toolOrigin: string) => startLogin(repo, input, toolOrigin),
    launch,

    /** The one-time launch token: opened top-level when the LMS frame cannot keep our cookie. */
    async openWithToken(token: string): Promise<{ session: { token: string; expiresAt: Date }; redirect: string }> {
      const found = token.length <= 200 ? await repo.launches.takeLaunchToken(hashToken(token)) : undefined;
      if (!found) throw rejected('This link has expired or was already used. Open the item from your course again.');
      return { session: await startSession(store.sessions, found.userId), redirect: found.target };
    },

    async deepLinkRequest(token: string) {
      const request = token.length <= 200 ? await repo.launches.findDeepLink(hashToken(token)) : undefined;
      if (!request) throw rejected('This item picker has expired. Start again from your course.');
      return { request, platform: (await repo.platforms.get(request.platformId))! };
    },

    async deepLinkRespond(input: unknown, toolOrigin: string): Promise<{ returnUrl: string; jwt: string }> {
      const pick = deepLinkPickSchema.parse(input);
      const tokenHash = hashToken(pick.request);
      const request = await repo.launches.findDeepLink(tokenHash);
      if (!request) throw rejected('This item picker has expired. Start again from your course.');
      const platform = await repo.platforms.get(request.platformId);
      if (!platform || platform.status !== 'approved') throw rejected('This platform’s registration is not approved.');
      const jwt = await deepLinkingResponse(keys, catalog, platform, request, pick.items, toolOrigin);
      await repo.launches.deleteDeepLink(tokenHash);
      return { returnUrl: request.returnUrl, jwt };
    },

    async syncRoster(contextRow: number): Promise<number> {
      const context = await repo.links.getContext(contextRow);
      if (!context) throw new LtiError('not_found', 'No such course context.');
      if (!context.membershipsUrl) throw invalid('This course’s platform did not offer the Names and Role Provisioning service.');
      const platform = (await repo.platforms.get(context.platformId))!;
      const members = await fetchRoster(tokens, platform, context.membershipsUrl);
      await repo.roster.replace(context.id, members);
      return members.length;
    },

    async postAgain(postId: number): Promise<void> {
      if (!(await repo.scores.retryNow(postId))) throw new LtiError('not_found', 'No such score post.');
      void outbox.kick();
    },

    async setPlatformStatus(id: number, status: 'approved' | 'refused'): Promise<void> {
      if (!(await repo.platforms.setStatus(id, status))) throw new LtiError('not_found', 'No such platform.');
    },

    /** A site administrator decides a pending re-registration: approving applies the new endpoints and keys URL. */
    async decideChange(changeId: number, approve: boolean, by: number): Promise<void> {
      const ok = approve ? await repo.changes.approve(changeId, by) : await repo.changes.refuse(changeId, by);
      if (!ok) throw new LtiError('not_found', 'No such pending change.');
    },

    async replacePlatform(platformId: number, by: number): Promise<void> {
      const [old, newer] = [await repo.platforms.get(platformId), await repo.platforms.get(by)];
      if (!old || !newer) throw new LtiError('not_found', 'No such platform.');
      if (old.issuer !== newer.issuer || old.id === newer.id) throw invalid('A registration can only be replaced by another registration of the same issuer.');
      await repo.changes.markReplaced(old.id, newer.id);
    },
  };
}

export type LtiService = ReturnType<typeof createLtiService>;
