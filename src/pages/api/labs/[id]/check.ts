import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labServices, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { anonymousOwnerKey, userOwnerKey } from '../../../../server/lab-api/lab-owner';
import { checkLabRoute } from '../../../../server/lab-api/lab-routes';
import { anonymousProgress } from '../../../../server/progress/instance';
import { scoreChanged } from '../../../../server/score-events';
import { getStore } from '../../../../server/store/instance';

export const prerender = false;

/**
 * A passed lab is recorded when the checks ran in this browser's own sandbox (its owner is in the sandbox's record
 * in the store, whichever web process created it), with the code that passed: on the signed-in learner's account, or
 * (not signed in) under the browser's anonymous lab session until it signs in. A sandbox the browser made before
 * signing in still counts for the account it signed into.
 */
export const POST: APIRoute = ({ params, request, url, locals, cookies }) => {
  const sandboxId = url.searchParams.get('sandbox') ?? undefined;
  const anonymous = anonymousOwnerKey(cookies);
  return handle(async () =>
    checkLabRoute(await labServices(), params.id, sandboxId, request, sandboxRateLimit, async (lab, files, record) => {
      const mine =
        (locals.user !== null && (record.user_id === locals.user.id || record.owner_key === userOwnerKey(locals.user.id))) ||
        (anonymous !== null && record.owner_key === anonymous);
      if (!mine) return 'none';
      const editable = new Set(lab.definition.files.filter((f) => f.editable).map((f) => f.path));
      const code = Object.fromEntries(Object.entries(files).filter(([path]) => editable.has(path)));
      if (!locals.user) {
        await anonymousProgress().recordPass(anonymous!, lab.definition.id, code);
        return 'browser';
      }
      await getStore().progress.recordLabPass(locals.user.id, lab.definition.id, { files: code });
      await scoreChanged({ userId: locals.user.id, kind: 'lab', itemId: lab.definition.id });
      return 'account';
    }),
  );
};
