import { gradebookCsvRows } from '../../../server/grading/gradebook';
import { toCsv } from '../../../server/grading/csv';
import { requireInstructor } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { loadGradebook } from '../../../server/load-gradebook';

export const prerender = false;

export const GET = route(async ({ locals }) => {
  requireInstructor(locals);
  const csv = toCsv(gradebookCsvRows(await loadGradebook()));
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="gradebook-${date}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
