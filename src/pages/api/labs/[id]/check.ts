import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labEngine, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { checkLabRoute } from '../../../../server/lab-api/lab-routes';
import { scoreChanged } from '../../../../server/score-events';
import { sandboxOwner } from '../../../../server/labs/sandbox-owners';
import { getStore } from '../../../../server/store/instance';

export const prerender = false;

// A passed lab is recorded for a signed-in learner whose checks ran on the server in their own sandbox, with the
// code that passed (labs themselves need no account).
export const POST: APIRoute = ({ params, request, url, locals }) => {
  const sandboxId = url.searchParams.get('sandbox') ?? undefined;
  return handle(() =>
    checkLabRoute(labEngine(), params.id, sandboxId, request, sandboxRateLimit, async (lab, files) => {
      if (!locals.user || (await sandboxOwner(sandboxId)) !== locals.user.id) return;
      const editable = new Set(lab.definition.files.filter((f) => f.editable).map((f) => f.path));
      const mine = Object.fromEntries(Object.entries(files).filter(([path]) => editable.has(path)));
      await getStore().progress.recordLabPass(locals.user.id, lab.definition.id, { files: mine });
      await scoreChanged({ userId: locals.user.id, kind: 'lab', itemId: lab.definition.id });
    }),
  );
};
