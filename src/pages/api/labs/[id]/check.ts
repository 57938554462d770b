import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labEngine, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { anonymousOwnerKey, userOwnerKey } from '../../../../server/lab-api/lab-owner';
import { checkLabRoute } from '../../../../server/lab-api/lab-routes';
import { scoreChanged } from '../../../../server/score-events';
import { sandboxOwner } from '../../../../server/labs/sandbox-owners';
import { anonymousProgress } from '../../../../server/progress/instance';
import { getStore } from '../../../../server/store/instance';

export const prerender = false;

/**
 * A passed lab is recorded when the checks ran on the server in this browser's own sandbox, with the code that
 * passed: on the signed-in learner's account, or (not signed in) under the browser's anonymous lab session until it
 * signs in. A sandbox the browser made before signing in still counts for the account it signed into.
 */
export const POST: APIRoute = ({ params, request, url, locals, cookies }) => {
  const sandboxId = url.searchParams.get('sandbox') ?? undefined;
  const owner = sandboxOwner(sandboxId);
  const anonymous = anonymousOwnerKey(cookies);
  const mine = owner !== undefined && ((locals.user && owner === userOwnerKey(locals.user.id)) || owner === anonymous);
  return handle(() =>
    checkLabRoute(labEngine(), params.id, sandboxId, request, sandboxRateLimit, async (lab, files) => {
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
