// Runs inside workerd (host Worker): loads an uploaded Worker through the Worker Loader with no bindings
// and no network, so module evaluation happens once; a module that does not parse or whose imports fail
// is reported with workerd's own message and location. Body: { id, compatibilityDate, compatibilityFlags,
// mainModule, modules: { name: { kind, content } } }.
import { loaderModule } from './host-state.js';

export async function probe(request, env) {
  const spec = await request.json();
  try {
    const modules = Object.fromEntries(Object.entries(spec.modules).map(([name, m]) => [name, loaderModule(m)]));
    const worker = env.LOADER.get(`probe:${spec.id}`, () => ({
      compatibilityDate: spec.compatibilityDate,
      compatibilityFlags: spec.compatibilityFlags,
      mainModule: spec.mainModule,
      modules,
      env: {},
      globalOutbound: null,
    }));
    // Calling a method no Worker has forces the module graph to load without running any handler.
    await worker.getEntrypoint().__wfp_lab_probe__();
    return Response.json({ ok: true });
  } catch (error) {
    const message = String(error?.message ?? error);
    if (message.includes('does not implement the method')) return Response.json({ ok: true });
    return Response.json({ ok: false, message });
  }
}
