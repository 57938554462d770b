import { LabError, type LabEngine, type Sandbox } from '../lab-engine';
import { handleCloudflareApi } from '../cloudflare-api';
import { accountOf } from '../lab-api/cloudflare-api-routes';
import { checkLab, runLab } from '../labs/lab-runs';
import { forgetLabState, provisionLabSandbox } from '../labs/lab-sandbox';
import { findLab, type Lab } from '../labs/registry';
import { RunnerError } from './errors';
import { captureSnapshot, parseSnapshot, restoreInto, signatureOf, type SandboxSnapshot } from './snapshots';
import type { SandboxesRepository } from './store/sandboxes';
import type { CreateSandboxInput, LabRunner } from './types';

export interface LocalRunnerOptions {
  id: string;
  engine: LabEngine;
  /** Where snapshots go (and come from when a sandbox is restored). */
  sandboxes: SandboxesRepository;
  /** Marks the runner draining in the store at once, so no web process places a sandbox here meanwhile. */
  onDrain?: () => Promise<void>;
  log?: (line: string) => void;
}

function labOrThrow(id: string): Lab {
  const lab = findLab(id);
  if (!lab) throw new LabError('not_found', `There is no lab "${id}".`);
  return lab;
}

/**
 * The engine behind the LabRunner interface: used in-process by the web tier (the embedded default) and
 * behind the runner's HTTP API. After anything that may change a sandbox, its snapshot is written to the
 * store before the answer goes out, so a runner lost a moment later loses nothing acknowledged.
 */
export function createLocalRunner(options: LocalRunnerOptions) {
  const { engine, sandboxes } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const pending = new Map<string, Promise<{ restored: boolean }>>();
  const saved = new Map<string, string>();
  const dirty = new Set<string>();
  let draining = false;

  function sandboxOf(id: string): Sandbox {
    const sandbox = engine.find(id);
    if (!sandbox) throw new RunnerError('missing', `Runner ${options.id} does not hold sandbox ${id}.`);
    sandbox.touch();
    return sandbox;
  }

  /** Writes the snapshot when something changed since the last one (a stat per data file otherwise). */
  async function persist(sandbox: Sandbox, force = false) {
    const signature = signatureOf(sandbox);
    if (!force && !dirty.has(sandbox.id) && saved.get(sandbox.id) === signature) return;
    dirty.delete(sandbox.id);
    // In the sandbox's queue: no run writes its data files while they are read.
    const snapshot = await sandbox.change(() => captureSnapshot(sandbox));
    await sandboxes.saveSnapshot(sandbox.id, snapshot);
    saved.set(sandbox.id, signature);
  }
  const persistAfter = async <T>(sandbox: Sandbox, work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } finally {
      await persist(sandbox).catch((error) => log(`[lab-runner] could not save sandbox ${sandbox.id}: ${String(error)}`));
    }
  };

  async function place(input: CreateSandboxInput): Promise<{ restored: boolean }> {
    if (draining) throw new LabError('limit_reached', 'This lab runner is draining and takes no new sandboxes.', 503);
    const lab = input.labId ? labOrThrow(input.labId) : null;
    const text = input.restore ? await sandboxes.loadSnapshot(input.id) : null;
    const snapshot: SandboxSnapshot | null = text ? parseSnapshot(text) : null;
    const identity = { id: input.id, token: input.token, accountId: input.accountId };
    const sandbox = await engine.create({ identity, moved: input.restore, arrival: !input.restore, ...(snapshot ? { restore: (s: Sandbox) => restoreInto(s, snapshot) } : {}) });
    try {
      if (snapshot) {
        if (snapshot.customHostnames.length > 0) await sandbox.setCustomHostnames(snapshot.customHostnames);
      } else if (lab) await provisionLabSandbox(engine, sandbox, lab);
      await persist(sandbox, true);
    } catch (error) {
      await runner.dispose(input.id);
      throw error;
    }
    return { restored: snapshot !== null };
  }

  const runner: LabRunner & { readonly draining: boolean; markDirty(id: string): void; ids(): string[] } = {
    id: options.id,
    get draining() {
      return draining;
    },
    create(input) {
      if (engine.find(input.id)) return Promise.resolve({ restored: false });
      const inFlight = pending.get(input.id);
      if (inFlight) return inFlight;
      const created = place(input).finally(() => pending.delete(input.id));
      pending.set(input.id, created);
      return created;
    },
    async run(id, input, onStage) {
      const sandbox = sandboxOf(id);
      return persistAfter(sandbox, runLab(sandbox, labOrThrow(input.labId), input.files, input.request, onStage ? { onStage } : {}));
    },
    async check(id, input, callbacks) {
      const sandbox = sandboxOf(id);
      return persistAfter(sandbox, checkLab(sandbox, labOrThrow(input.labId), input.files, callbacks));
    },
    stop: async (id) => sandboxOf(id).cancel(),
    async send(id, request) {
      const sandbox = sandboxOf(id);
      return persistAfter(sandbox, sandbox.send(request as never));
    },
    async cloudflareApi(id, path, request) {
      const sandbox = sandboxOf(id);
      if (request.method !== 'GET' && request.method !== 'HEAD') dirty.add(id);
      return persistAfter(sandbox, handleCloudflareApi(accountOf(sandbox), request, path || '/'));
    },
    async dispose(id) {
      saved.delete(id);
      dirty.delete(id);
      forgetLabState(id);
      await engine.dispose(id);
    },
    async capacity() {
      const c = engine.capacity();
      return draining ? { ...c, free: 0 } : c;
    },
    async drain() {
      draining = true;
      await options.onDrain?.();
      let handedOver = 0;
      for (const id of engine.ids()) {
        const sandbox = engine.find(id);
        if (!sandbox) continue;
        await persist(sandbox, true).catch((error) => log(`[lab-runner] could not save sandbox ${id} while draining: ${String(error)}`));
        handedOver++;
      }
      await sandboxes.release(options.id);
      await Promise.all(engine.ids().map((id) => runner.dispose(id)));
      return { handedOver };
    },
    prepareFor: async (plan) => void engine.prepareFor(plan),
    cancelPrepared: async (labId, at) => void engine.cancelPrepared(labId, at),
    /** A Worker changed the account through api.cloudflare.com during a run: save it after the run. */
    markDirty: (id) => void dirty.add(id),
    ids: () => engine.ids(),
  };
  return runner;
}

export type LocalRunner = ReturnType<typeof createLocalRunner>;
