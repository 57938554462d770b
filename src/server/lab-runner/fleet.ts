import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { LabError } from '../lab-engine';
import { isRunnerError, MOVED_NOTICE, RunnerError } from './errors';
import type { RunnerRow, RunnersRepository } from './store/runners';
import type { SandboxesRepository, SandboxRecord } from './store/sandboxes';
import type { LabRunner } from './types';

export interface FleetOptions {
  runners: RunnersRepository;
  sandboxes: SandboxesRepository;
  /** The in-process runner, when this web process has one (the embedded default). */
  local: LabRunner | null;
  /** A client for a runner registered in the store (cached by the caller). */
  connect: (row: RunnerRow) => LabRunner;
  /** Which registered runners this web tier may use (LAB_RUNNERS), default all. */
  accepts?: (row: RunnerRow) => boolean;
  log?: (line: string) => void;
}

export interface PlacedRunner {
  row: RunnerRow;
  count: number;
  anonymous: number;
  free: number;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function tokenMatches(record: SandboxRecord, token: string | null | undefined): boolean {
  if (!token) return false;
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(record.token_hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const unknownSandbox = () => new LabError('unauthorized', 'Unknown sandbox or wrong token. Sandboxes expire when idle: create a new one.');

/**
 * The web tier's view of every lab runner: places new sandboxes on the runner with most free places,
 * finds the runner that holds a sandbox from its record in the store, and re-creates the sandbox on
 * another runner (from its snapshot) when that one is gone. No sandbox state lives in this process.
 */
export function createFleet(options: FleetOptions) {
  const { runners, sandboxes } = options;
  const log = options.log ?? ((line: string) => console.warn(line));
  const accepts = options.accepts ?? (() => true);

  const clientFor = (row: RunnerRow): LabRunner => (options.local && row.id === options.local.id ? options.local : options.connect(row));

  /** Live runners with their places in use (from the sandbox records, so every web process agrees). */
  async function placements(): Promise<PlacedRunner[]> {
    const live = (await runners.live()).filter(accepts);
    const counts = new Map((await sandboxes.countsOnRunners(live.map((r) => r.id))).map((c) => [c.runner_id, c]));
    return live.map((row) => {
      const c = counts.get(row.id);
      const count = Number(c?.n ?? 0);
      return { row, count, anonymous: Number(c?.anon ?? 0), free: row.draining ? 0 : Math.max(0, row.max_sandboxes - count) };
    });
  }

  /** The runner with most free places (ties: most warm runtimes), skipping `exclude`. */
  function best(list: PlacedRunner[], exclude: Set<string> = new Set(), allowFull = false): PlacedRunner | null {
    const candidates = list.filter((p) => !exclude.has(p.row.id) && !p.row.draining && (allowFull || p.free > 0));
    candidates.sort((a, b) => b.free - a.free || b.row.warm - a.row.warm || a.row.id.localeCompare(b.row.id));
    return candidates[0] ?? null;
  }

  async function lost(row: RunnerRow, error: RunnerError) {
    if (error.kind !== 'unavailable') return;
    log(`[lab-fleet] lab runner ${row.id} (${row.url}) is unreachable: ${error.message}; its sandboxes move on their next use`);
    await runners.markStopped(row.id);
  }

  /** Places a new sandbox: tries runners in order of free places until one takes it. */
  async function place(input: { ownerKey: string | null; anonymous: boolean; userId: number | null; labId: string | null }) {
    const tried = new Set<string>();
    for (;;) {
      const target = best(await placements(), tried);
      if (!target) throw new LabError('limit_reached', 'No lab runner has a free place right now. Try again in a minute.', 503);
      tried.add(target.row.id);
      const id = randomUUID();
      const token = randomBytes(24).toString('base64url');
      const accountId = randomBytes(16).toString('hex');
      await sandboxes.insert({ id, runner_id: target.row.id, token_hash: hashToken(token), account_id: accountId, owner_key: input.ownerKey, anonymous: input.anonymous, user_id: input.userId, lab_id: input.labId });
      try {
        await clientFor(target.row).create({ id, token, accountId, labId: input.labId, restore: false });
        return { id, token, accountId, runnerId: target.row.id };
      } catch (error) {
        await sandboxes.delete(id);
        if (isRunnerError(error)) await lost(target.row, error);
        // A runner that is full by its own count (another web process placed there at the same time): next one.
        else if (!(error instanceof LabError && error.code === 'limit_reached')) throw error;
      }
    }
  }

  /** Puts the sandbox on a live runner again, restored from its snapshot. Returns the runner now holding it. */
  async function relocate(record: SandboxRecord, token: string, failed: string | null): Promise<{ record: SandboxRecord; row: RunnerRow }> {
    const exclude = new Set(failed ? [failed] : []);
    for (let attempt = 0; attempt < 4; attempt++) {
      const target = best(await placements(), exclude, true);
      if (!target) throw new LabError('limit_reached', 'No lab runner is available to take your lab right now. Try again in a minute.', 503);
      // Compare-and-set: when two web processes race, the loser follows the winner's choice.
      await sandboxes.move(record.id, record.runner_id, target.row.id);
      const current = await sandboxes.get(record.id);
      if (!current) throw unknownSandbox();
      const row = current.runner_id ? await runners.get(current.runner_id) : undefined;
      if (!row || !runners.isLive(row)) {
        record = current;
        continue;
      }
      try {
        await clientFor(row).create({ id: record.id, token, accountId: record.account_id, labId: record.lab_id, restore: true });
        return { record: current, row };
      } catch (error) {
        // A runner that just started draining refuses it: the next one takes it.
        const refused = error instanceof LabError && error.code === 'limit_reached';
        if (!isRunnerError(error) && !refused) throw error;
        if (isRunnerError(error)) await lost(row, error);
        exclude.add(row.id);
        record = current;
      }
    }
    throw new LabError('limit_reached', 'No lab runner is available to take your lab right now. Try again in a minute.', 503);
  }

  const fleet = {
    place,
    placements,
    /** The client for a registered runner (this process's own runner in-process). */
    runnerFor: clientFor,
    /** The record for `id` when `token` is its token (401 otherwise; unknown ids look the same). */
    async open(id: string | undefined, token: string | null | undefined): Promise<SandboxRecord> {
      const record = id ? await sandboxes.get(id) : undefined;
      if (!record || !tokenMatches(record, token)) throw unknownSandbox();
      return record;
    },
    /**
     * Calls `fn` on the runner holding the sandbox. When that runner is gone (or lost the sandbox), the
     * sandbox is re-created on another runner from its snapshot and `fn` runs there; `onNotice` hears the
     * one line the learner sees about it, before `fn` runs again.
     */
    async call<T>(sandbox: SandboxRecord | string | undefined, token: string | null | undefined, fn: (runner: LabRunner, record: SandboxRecord) => Promise<T>, onNotice?: (message: string) => void): Promise<T> {
      let record = typeof sandbox === 'object' ? sandbox : await fleet.open(sandbox, token);
      void sandboxes.touch(record.id).catch(() => undefined);
      let row = record.runner_id ? await runners.get(record.runner_id) : undefined;
      for (let attempt = 0; ; attempt++) {
        if (!row || !runners.isLive(row) || (row.draining && attempt > 0)) {
          const previous = row?.id ?? null;
          ({ record, row } = await relocate(record, token!, previous));
          if (previous !== row.id) onNotice?.(MOVED_NOTICE);
        }
        try {
          return await fn(clientFor(row), record);
        } catch (error) {
          if (!isRunnerError(error) || attempt >= 2) throw error;
          if (error.kind === 'unavailable') await lost(row, error);
          else if (row.draining) row = undefined;
          else {
            // The runner is fine but no longer has it (idle expiry, a restart): restore it in place.
            await clientFor(row).create({ id: record.id, token: token!, accountId: record.account_id, labId: record.lab_id, restore: true });
            continue;
          }
          row = undefined;
        }
      }
    },
    /** Deletes the sandbox everywhere (its runner may be gone already). */
    async dispose(record: SandboxRecord) {
      await sandboxes.delete(record.id);
      const row = record.runner_id ? await runners.get(record.runner_id) : undefined;
      if (row && runners.isLive(row)) await clientFor(row).dispose(record.id).catch(() => undefined);
    },
  };
  return fleet;
}

export type Fleet = ReturnType<typeof createFleet>;
