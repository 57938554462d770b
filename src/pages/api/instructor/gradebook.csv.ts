import { gradebookCsvRows } from '../../../server/grading/gradebook';
import { toCsv } from '../../../server/grading/csv';
import { route } from '../../../server/http/route';
import { loadGradebook } from '../../../server/load-gradebook';
import { classScope, scopeForLearner } from '../../../server/classes/scope';
import { getStore } from '../../../server/store/instance';

export const prerender = false;

export const GET = route(async ({ locals, url }) => {
  const scope = await classScope(getStore(), locals.user, url.searchParams.get('class'));
  const csv = toCsv(gradebookCsvRows(await loadGradebook([], scope)));
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="gradebook-${date}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
