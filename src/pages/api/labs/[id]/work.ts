import { z } from 'zod';
import { anonymousOwnerKey } from '../../../../server/lab-api/lab-owner';
import { labOrThrow } from '../../../../server/lab-api/lab-routes';
import { anonymousProgress } from '../../../../server/progress/instance';
import { MAX_LAB_FILE_CHARS } from '../../../../server/labs/lab-sandbox';
import { json, readBody, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getStore } from '../../../../server/store/instance';

export const prerender = false;

/**
 * A signed-in learner's lab work, kept on the server so it follows them between browsers, and whether the server
 * has their pass. Not signed in: no work (it stays in the browser), and whether this browser's pass is kept for it
 * (`kept: 'browser'`, until it signs in).
 */
export const GET = route(async ({ locals, params, cookies }) => {
  const lab = labOrThrow(params.id);
  if (!locals.user) {
    const anon = await anonymousProgress().summary(anonymousOwnerKey(cookies));
    return json({ work: null, passed: anon.passedLabs.some((p) => p.labId === lab.definition.id), kept: 'browser' });
  }
  const { progress } = getStore();
  return json({
    work: (await progress.loadLabWork(locals.user.id, lab.definition.id)) ?? null,
    passed: (await progress.listLabPasses(locals.user.id)).some((p) => p.labId === lab.definition.id),
    kept: 'account',
  });
});

export const PUT = route(async ({ locals, params, request }) => {
  const user = requireUser(locals);
  const lab = labOrThrow(params.id);
  const editable = lab.definition.files.filter((f) => f.editable).map((f) => f.path);
  const input = await readBody(
    request,
    z.object({ files: z.record(z.enum(editable as [string, ...string[]]), z.string().max(MAX_LAB_FILE_CHARS)) }),
  );
  await getStore().progress.saveLabWork(user.id, lab.definition.id, input.files);
  return json({ saved: true });
});
