import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labServices, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { checkLabRoute } from '../../../../server/lab-api/lab-routes';
import { scoreChanged } from '../../../../server/score-events';
import { getStore } from '../../../../server/store/instance';

export const prerender = false;

// A passed lab is recorded for a signed-in learner whose checks ran in their own sandbox (its owner is in the
// sandbox's record in the store, whichever web process created it), with the code that passed.
export const POST: APIRoute = ({ params, request, url, locals }) => {
  const sandboxId = url.searchParams.get('sandbox') ?? undefined;
  return handle(async () =>
    checkLabRoute(await labServices(), params.id, sandboxId, request, sandboxRateLimit, async (lab, files, record) => {
      if (!locals.user || record.user_id !== locals.user.id) return;
      const editable = new Set(lab.definition.files.filter((f) => f.editable).map((f) => f.path));
      const mine = Object.fromEntries(Object.entries(files).filter(([path]) => editable.has(path)));
      await getStore().progress.recordLabPass(locals.user.id, lab.definition.id, { files: mine });
      await scoreChanged({ userId: locals.user.id, kind: 'lab', itemId: lab.definition.id });
    }),
  );
};
