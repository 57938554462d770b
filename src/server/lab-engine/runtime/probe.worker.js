// Runs inside workerd as the engine's private upload checker. It loads an uploaded Worker through the
// Worker Loader (no restart, no bindings, no network) so module evaluation happens once: a module that
// does not parse or whose imports fail is reported with workerd's own message and location.
// The request body: { id, compatibilityDate, compatibilityFlags, mainModule, modules: { name: { kind, content } } }.

function decode(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return bytes.buffer;
}

function toLoaderModule({ kind, content }) {
  switch (kind) {
    case 'data':
      return { data: decode(content) };
    case 'wasm':
      return { wasm: decode(content) };
    case 'cjs':
      return { cjs: content };
    case 'text':
      return { text: content };
    case 'json':
      return { json: JSON.parse(content) };
    default:
      return { js: content };
  }
}

export default {
  async fetch(request, env) {
    const spec = await request.json();
    try {
      const modules = Object.fromEntries(Object.entries(spec.modules).map(([name, m]) => [name, toLoaderModule(m)]));
      const worker = env.LOADER.get(spec.id, () => ({
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
  },
};
