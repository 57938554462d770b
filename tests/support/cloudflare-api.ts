import { startCourseServer, type CourseServer } from './course-server';

export interface SandboxInfo {
  id: string;
  token: string;
  accountId: string;
  apiBase: string;
}

/** The built course server plus one sandbox, as a learner gets them from `POST /api/sandboxes`. */
export async function serverWithSandbox(): Promise<{ server: CourseServer; sandbox: SandboxInfo }> {
  const server = await startCourseServer();
  const response = await fetch(`${server.url}/api/sandboxes`, { method: 'POST' });
  if (response.status !== 201) throw new Error(`sandbox creation failed: ${response.status} ${await response.text()}`);
  return { server, sandbox: (await response.json()) as SandboxInfo };
}

/** Sends a request through the sandbox's dispatch Worker (the lab's request route). */
export async function sendThroughDispatcher(server: CourseServer, sandbox: SandboxInfo, url: string, script?: string) {
  const response = await fetch(`${server.url}/api/sandboxes/${sandbox.id}/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sandbox.token}` },
    body: JSON.stringify({ url, method: 'GET', ...(script ? { script } : {}) }),
  });
  return (await response.json()) as { status: number | null; body: string; error: unknown; logs: unknown[] };
}

/** The docs' subdomain dispatcher, as an ES module. */
export const DISPATCHER_CODE = `export default {
  async fetch(request, env) {
    const name = new URL(request.url).hostname.split('.')[0];
    try {
      return await env.DISPATCHER.get(name).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('no such customer', { status: 404 });
      return new Response(e.message, { status: 500 });
    }
  },
};`;

/** A multipart Worker upload as curl -F would send it: metadata.json plus module files. */
export function workerForm(metadata: unknown, modules: Record<string, string>, contentType = 'application/javascript+module'): FormData {
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }), 'metadata.json');
  for (const [name, code] of Object.entries(modules)) form.append(name.replace(/\W/g, '_'), new Blob([code], { type: contentType }), name);
  return form;
}
