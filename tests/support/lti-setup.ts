import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createStore } from '../../src/server/store/create-store';
import type { SqlExecutor } from '../../src/server/store/sql/driver';
import { startCourseServer, type CourseServer } from './course-server';
import { createClient, type Client } from './http-client';
import { startPlatform, type PlatformSim } from './lti-platform';

const run = promisify(execFile);

export interface LtiWorld {
  server: CourseServer;
  sim: PlatformSim;
  instructor: Client;
  stop(): Promise<void>;
}

/** A built course server, an LMS simulator on loopback, and a signed-in local instructor. */
export async function startLtiWorld(env: Record<string, string> = {}, platform: { port?: number } = {}): Promise<LtiWorld> {
  const sim = await startPlatform(platform);
  const server = await startCourseServer({ env: { LTI_RETRY_BASE_MS: '50', LTI_RETRY_MAX_TRIES: '3', ...env } });
  await run(process.execPath, ['scripts/instructor-add.mjs', '--admin', '--email', 'grace@example.com', '--name', 'Grace', '--password', 'instructor-password'], {
    env: { ...process.env, ...server.storeEnv },
  });
  const instructor = createClient(server.url, env.SITE_ORIGIN?.split(',')[0]?.trim() || server.url);
  const signed = await instructor.signIn('grace@example.com', 'instructor-password');
  if (signed.status !== 200) throw new Error(`instructor sign-in: ${signed.status}`);
  return { server, sim, instructor, stop: async () => void (await Promise.all([server.stop(), sim.stop()])) };
}

/** Registers the simulator through Dynamic Registration, as the LMS admin's browser would open it. */
export async function registerDynamically(world: LtiWorld): Promise<Response> {
  const q = new URLSearchParams({ openid_configuration: `${world.sim.url}/.well-known/openid-configuration`, registration_token: world.sim.registrationToken });
  return fetch(`${world.server.url}/lti/register?${q}`);
}

/** Reads the server's own store (its SQLite file or PostgreSQL database) with a connection of our own. */
async function withServerStore<T>(world: LtiWorld, fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
  const store = createStore({ dataDir: world.server.dataDir, databaseUrl: world.server.databaseUrl });
  try {
    return await fn(store.db);
  } finally {
    await store.close();
  }
}

/** Row counts read straight from the server's database: what a refused launch must leave untouched. */
export function counts(world: LtiWorld): Promise<Record<string, number>> {
  return withServerStore(world, async (db) => {
    const out: Record<string, number> = {};
    for (const t of ['users', 'sessions', 'lti_accounts', 'lti_used_nonces', 'lti_contexts', 'lti_grade_targets', 'lti_launch_tokens']) {
      out[t] = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`))!.n);
    }
    return out;
  });
}

/** The origins the server lets each platform frame it from (frame-ancestors), read from its database. */
export function frameOrigins(world: LtiWorld): Promise<string[]> {
  return withServerStore(world, async (db) =>
    (await db.all<{ origin: string; frame_origins: string }>('SELECT origin, frame_origins FROM lti_platforms')).flatMap((r) => [r.origin, ...(JSON.parse(r.frame_origins) as string[])]),
  );
}

/** Polls until `check` passes (deliveries are asynchronous); fails with the last error after a generous wait. */
export async function eventually<T>(check: () => T | Promise<T>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * An instructor of the simulator's course context, signed in by an LTI launch with the Instructor role: LMS roles give
 * instructor rights in that context's class only (issue 19), so grading its learners goes through one of these.
 */
export async function ltiInstructor(world: LtiWorld, hint = 'teacher'): Promise<{ request(path: string, init?: { json?: unknown }): Promise<Response> }> {
  const { ROLE } = await import('./lti-platform');
  const { launch, ToolBrowser } = await import('./lti-browser');
  const browser = new ToolBrowser(world.server.url);
  world.sim.prepare(hint, { claims: { 'https://purl.imsglobal.org/spec/lti/claim/roles': [ROLE.instructor] } });
  const { res } = await launch(world.sim, browser, { hint, target: `${world.server.url}/instructor/` });
  if (res.status !== 200) throw new Error(`instructor launch: ${res.status}`);
  await browser.refreshCsrf();
  return {
    request: (path, init = {}) =>
      browser.fetch(path, init.json === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) }),
  };
}
