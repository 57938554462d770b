import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabEngine, type LabEngine, type LabEngineOptions } from '../../src/server/lab-engine';
import type { Binding, WorkerUpload } from '../../src/server/lab-engine/schemas';

/** A lab engine on a throwaway data directory; call close() in afterAll. */
export function testEngine(options: Partial<LabEngineOptions> = {}): LabEngine & { close(): Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'wfp-lab-'));
  const engine = createLabEngine({ dataDir, ...options });
  const close = engine.close;
  return Object.assign(engine, {
    async close() {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A single-module ES module Worker upload. */
export function esm(code: string, bindings: Binding[] = [], extra: Partial<WorkerUpload['metadata']> = {}): WorkerUpload {
  return {
    metadata: { main_module: 'index.js', compatibility_date: '2026-07-01', bindings, ...extra },
    modules: [{ name: 'index.js', type: 'esm', content: code }],
  };
}

export const dispatchBinding = (namespace = 'production', extra: Partial<Extract<Binding, { type: 'dispatch_namespace' }>> = {}): Binding => ({
  type: 'dispatch_namespace',
  name: 'DISPATCHER',
  namespace,
  ...extra,
});

/** The docs' subdomain dispatcher, with their "Worker not found" handling. */
export const SUBDOMAIN_DISPATCHER = `
export default {
  async fetch(request, env) {
    const name = new URL(request.url).hostname.split('.')[0];
    try {
      const userWorker = env.DISPATCHER.get(name);
      return await userWorker.fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) {
        return new Response('', { status: 404 });
      }
      return new Response(e.message, { status: 500 });
    }
  },
};`;
