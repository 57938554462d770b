// Runs inside workerd (host Worker): loads an upload through the Worker Loader exactly as the next run
// will (same spec, same id, so the isolate is reused), without running any handler: a module that does
// not parse, an import that fails or module-scope code that throws is reported with workerd's own
// message and location.
import { load } from './host-state.js';

export async function probe(request, env, ctx) {
  const spec = await request.json();
  try {
    // Calling a method no Worker has forces the module graph to load.
    await load(env, ctx, spec).getEntrypoint().__wfp_lab_probe__();
    return Response.json({ ok: true });
  } catch (error) {
    const message = String(error?.message ?? error);
    if (message.includes('does not implement the method')) return Response.json({ ok: true });
    return Response.json({ ok: false, message });
  }
}
