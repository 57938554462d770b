import { mkdirSync, rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { LabError } from './errors';
import { prepareOuterSandbox } from './outer-sandbox';
import { createAdmissionQueue, type Waiter } from './pool/admission-queue';
import { anonymousCapacity, defaultCapacity, mib, SANDBOX_COST_BYTES } from './pool/capacity';
import { createOwnerRegistry, type LabOwner } from './pool/owners';
import { createWarmPool } from './pool/warm-pool';
import { createServerStorage } from './quota/server-storage';
import { DEFAULT_STORAGE_MB, MIB } from './quota/storage-quota';
import { createDemand, type ClassPlanInput } from './pool/demand';
import { createValidationCache } from './validation-cache';
import { killOrphanedRuntimes, residentBytes } from './process-monitor';
import { createSandbox, type Sandbox, type SandboxIdentity, type SandboxOptions } from './sandbox';
import { RUNTIME_ENV_NAME } from './sandbox-runtime';
import type { RuntimeLimits } from './sandbox-runtime';

export type { LabOwner } from './pool/owners';

export interface LabEngineOptions {
  /** Where sandboxes keep their KV, D1 and cache data (deleted with the sandbox). */
  dataDir: string;
  /** Most sandboxes alive at once (default: as many as fit in 75 % of the machine's memory). */
  maxSandboxes?: number;
  /** A sandbox unused for this long is disposed. */
  idleTimeoutMs?: number;
  /** When the server is full, a sandbox idle this long is reclaimed for the next learner before anyone queues. */
  reclaimIdleMs?: number;
  /** Started runtimes kept ready for new sandboxes at least (LAB_WARM_POOL; 0: start each on demand). */
  warmPoolSize?: number;
  /** The most runtimes the arrival rate alone may keep warm (LAB_WARM_POOL_MAX; announced classes may ask for more). */
  warmPoolMax?: number;
  /**
   * Provisions what a lab's class can share before it arrives (the labs layer validates the lab's starter and
   * solution uploads once, so every learner's upload skips validation). Called once per announced class.
   */
  prepareLab?: (labId: string) => Promise<void>;
  /** false validates every upload, even one already validated on this engine (only the benchmark's comparison). */
  validateOnce?: boolean;
  /** Share of the places anonymous visitors may hold (at least one place). */
  anonymousShare?: number;
  /** Sandboxes one learner or session holds at once; a new one replaces their oldest. */
  sandboxesPerOwner?: number;
  /** A queue ticket nobody polls for this long lapses. */
  queueLapseMs?: number;
  limits?: Partial<RuntimeLimits>;
  cloudflareApi?: SandboxOptions['cloudflareApi'];
  /** All sandboxes' storage together (LAB_STORAGE_TOTAL_GB); new sandboxes are refused past it or on a nearly full disk. */
  storageTotalBytes?: number;
  /** false runs workerd without bubblewrap (LAB_OUTER_SANDBOX=0). */
  outerSandbox?: boolean;
  /** Where start-up lines go (default console.log). */
  log?: (line: string) => void;
}

/** How the lab runner places a sandbox: with the web tier's identity, restored from a snapshot, or moved. */
export interface PlaceOptions {
  identity?: SandboxIdentity;
  /** Writes the snapshot's data files and account before the runtime starts (skips the warm pool). */
  restore?: (sandbox: Sandbox) => void;
  /** Re-created after its runner was lost: counts against no local limit. */
  moved?: boolean;
  /** A learner's new sandbox (placed by the web tier): counts as an arrival for the adaptive warm pool. */
  arrival?: boolean;
}

export type Admission =
  | { status: 'ready'; sandbox: Sandbox }
  | { status: 'queued'; ticket: string; position: number; total: number; retryAfterMs: number };

export const DEFAULT_LIMITS: RuntimeLimits = {
  runTimeoutMs: 5_000,
  memoryLimitBytes: 512 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxLogLines: 500,
  maxLogChars: 200_000,
  logLinesPerInvocation: 1_000,
  storageLimitBytes: DEFAULT_STORAGE_MB * MIB,
};

const POLL_INTERVAL_MS = 1_000;
/** Default LAB_WARM_POOL_MAX: what the arrival rate alone may keep warm (≈85 MiB each, ≈5.4 GiB). */
export const DEFAULT_WARM_POOL_MAX = 64;

/** The lab engine: a bounded set of learner sandboxes, each with its own workerd process. */
export function createLabEngine(options: LabEngineOptions) {
  const maxSandboxes = options.maxSandboxes ?? defaultCapacity();
  const anonymousPlaces = anonymousCapacity(maxSandboxes, options.anonymousShare ?? 0.25);
  const perOwner = options.sandboxesPerOwner ?? 2;
  const idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60_000;
  const reclaimIdleMs = options.reclaimIdleMs ?? 5 * 60_000;
  const limits: RuntimeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const checkRoom = () =>
    serverStorage.checkRoom().catch((error: Error) => {
      log(`[lab-engine] refused a new sandbox: ${error.message}`);
      throw error;
    });
  const log = options.log ?? ((line: string) => console.log(line));
  const ownSandboxDir = join(options.dataDir, 'sandboxes');
  rmSync(ownSandboxDir, { recursive: true, force: true }); // sandboxes do not outlive the process
  mkdirSync(ownSandboxDir, { recursive: true });
  const outer = prepareOuterSandbox({ dataDir: options.dataDir, sandboxRoot: ownSandboxDir, memoryLimitBytes: limits.memoryLimitBytes, disabled: options.outerSandbox === false });
  const sandboxDir = outer.sandboxRoot;
  const serverStorage = createServerStorage({ dir: sandboxDir, perSandboxBytes: limits.storageLimitBytes ?? DEFAULT_STORAGE_MB * MIB, totalLimitBytes: options.storageTotalBytes });
  const sandboxes = new Map<string, Sandbox>();
  const owners = createOwnerRegistry();
  const queue = createAdmissionQueue({ lapseMs: options.queueLapseMs ?? 30_000, staleMs: 5 * POLL_INTERVAL_MS });
  const floor = options.warmPoolSize ?? 0;
  const demand = createDemand({ floor, max: Math.max(floor, options.warmPoolMax ?? DEFAULT_WARM_POOL_MAX), horizonMinutes: 0.5 });
  const validations = createValidationCache({ remember: options.validateOnce !== false });
  const room = () => Math.max(0, maxSandboxes - sandboxes.size);
  const pool = createWarmPool({
    target: () => demand.target(room()),
    urgent: () => demand.urgent(pool.size, room()),
    sandboxDir,
    limits,
    onFirstReady: (runtime) =>
      void (runtime.pid !== null ? residentBytes(runtime.pid) : Promise.resolve(null)).then((rss) => {
        if (rss !== null) log(`[lab-engine] a warm lab runtime uses ${mib(rss)} of memory now (RSS, before any Workers are uploaded)`);
      }),
  });
  const orphansSwept = killOrphanedRuntimes(RUNTIME_ENV_NAME).then((n) => {
    if (n > 0) console.warn(`[lab-engine] stopped ${n} lab runtime(s) left behind by a previous server that did not shut down`);
  });
  log(
    `[lab-engine] room for ${maxSandboxes} lab sandboxes${options.maxSandboxes ? ' (LAB_MAX_SANDBOXES)' : ` (75 % of ${mib(totalmem())} at ≈${mib(SANDBOX_COST_BYTES)} per sandbox, as measured by bench:engine)`}, ${anonymousPlaces} of them for anonymous visitors; warm pool ${floor}–${Math.max(floor, options.warmPoolMax ?? DEFAULT_WARM_POOL_MAX)} (adapts to arrivals and announced classes); ${perOwner} per learner or session`,
  );
  (outer.enabled ? log : console.warn)(`[lab-engine] ${outer.summary}`);
  void orphansSwept.then(() => pool.start());

  async function sweepIdle() {
    const now = Date.now();
    await Promise.all([...sandboxes.values()].filter((s) => now - s.lastUsed > idleTimeoutMs).map((s) => engine.dispose(s.id)));
    queue.sweep();
  }
  const sweeper = setInterval(() => void sweepIdle(), Math.min(60_000, Math.max(1_000, idleTimeoutMs / 4)));
  sweeper.unref();

  /** Frees the least recently used sandbox idle longer than reclaimIdleMs among those `eligible`. */
  function reclaimIdle(eligible: (s: Sandbox) => boolean): boolean {
    const now = Date.now();
    let oldest: Sandbox | null = null;
    for (const s of sandboxes.values()) if (eligible(s) && now - s.lastUsed > reclaimIdleMs && (!oldest || s.lastUsed < oldest.lastUsed)) oldest = s;
    if (!oldest) return false;
    void engine.dispose(oldest.id);
    return true;
  }

  const hasRoom = (anonymous: boolean) => sandboxes.size < maxSandboxes && (!anonymous || owners.anonymousCount < anonymousPlaces);
  /** Makes room by reclaiming idle sandboxes: an anonymous visitor only ever reclaims another's place. */
  function makeRoom(anonymous: boolean): boolean {
    if (anonymous && owners.anonymousCount >= anonymousPlaces) reclaimIdle((s) => owners.isAnonymous(s.id));
    if (sandboxes.size >= maxSandboxes) reclaimIdle(() => true);
    return hasRoom(anonymous);
  }

  // Announced classes: provision each lab once when its fill begins; sample memory for capacity().
  const preparedLabs = new Set<string>();
  let memoryBytes = process.memoryUsage.rss();
  async function plan() {
    for (const labId of demand.activeLabs()) {
      if (preparedLabs.has(labId) || !options.prepareLab) continue;
      preparedLabs.add(labId);
      await options.prepareLab(labId).catch((error: unknown) => {
        preparedLabs.delete(labId);
        console.error(`[lab-engine] could not prepare lab ${labId} for an announced class:`, error instanceof Error ? error.message : error);
      });
    }
    const pids = [...[...sandboxes.values()].map((s) => s.runtimePid), ...pool.pids].filter((pid): pid is number => pid !== null);
    const rss = await Promise.all(pids.map((pid) => residentBytes(pid)));
    memoryBytes = process.memoryUsage.rss() + rss.reduce<number>((a, b) => a + (b ?? 0), 0);
  }
  const planner = setInterval(() => void plan(), 5_000);
  planner.unref();

  function start(owner: LabOwner | null, placed: PlaceOptions = {}): Sandbox {
    pool.noteActivity();
    if (owner || placed.arrival) demand.arrival();
    // A restored sandbox gets its data files before its runtime starts, so it never takes a started one.
    const prepared = placed.restore ? null : pool.take();
    const sandbox = createSandbox({ dataDir: sandboxDir, limits, cloudflareApi: options.cloudflareApi, validations, prepared: prepared ?? undefined, identity: placed.identity });
    placed.restore?.(sandbox);
    sandboxes.set(sandbox.id, sandbox);
    if (owner) owners.add(owner, sandbox.id);
    return sandbox;
  }

  const fullMessage = (anonymous: boolean) =>
    anonymous && owners.anonymousCount >= anonymousPlaces
      ? `The lab server is full for visitors who are not signed in (${anonymousPlaces} of its ${maxSandboxes} places are theirs, and all are in use). Sign in to use a learner's place, or try again in a minute.`
      : `The lab server is full: ${maxSandboxes} lab sandboxes are running, the most it allows. Try again in a minute, when idle sandboxes are cleaned up.`;

  const engine = {
    limits,
    outer,
    maxSandboxes,
    anonymousPlaces,
    /** A sandbox owned by nobody in particular (tests, scripts); refused with a message when full. */
    async create(placed: PlaceOptions = {}): Promise<Sandbox> {
      await orphansSwept;
      await sweepIdle();
      if (placed.identity && sandboxes.has(placed.identity.id)) throw new LabError('already_exists', `Sandbox ${placed.identity.id} already exists here.`);
      if (!placed.moved) await checkRoom(); // room on disk for its quota (LAB_STORAGE_TOTAL_GB, a nearly full disk)
      // A sandbox moved from a lost runner already holds a place in the site-wide count: it is never refused.
      if (!placed.moved && !makeRoom(false)) throw new LabError('limit_reached', fullMessage(false), 503);
      return start(null, placed);
    },
    /**
     * A sandbox for `owner` now, or a place in the line. The owner's oldest sandbox is replaced when they
     * already hold their share; idle sandboxes are reclaimed before anyone waits. With `wait: false` a full
     * server answers with a message instead of a ticket.
     */
    async admit(owner: LabOwner, request: { ticket?: string; wait?: boolean } = {}): Promise<Admission> {
      await orphansSwept;
      await checkRoom();
      const waiter = queue.find(request.ticket, owner.key);
      const held = owners.held(owner.key);
      if (held.length >= perOwner) await Promise.all(held.slice(0, held.length - perOwner + 1).map((id) => engine.dispose(id)));
      const canAdmit = (w: Waiter) => hasRoom(w.anonymous);
      if (makeRoom(owner.anonymous) && !queue.blockedBy(waiter, canAdmit)) {
        if (waiter) queue.leave(waiter);
        return { status: 'ready', sandbox: start(owner) };
      }
      if (request.wait === false) throw new LabError('limit_reached', fullMessage(owner.anonymous), 503);
      const place = waiter ?? queue.join(owner.key, owner.anonymous);
      return { status: 'queued', ticket: place.ticket, position: queue.position(place), total: queue.length, retryAfterMs: POLL_INTERVAL_MS };
    },
    /** Looks a sandbox up and checks its token; unknown ids and wrong tokens look the same to callers. */
    get(id: string, token: string | null | undefined): Sandbox {
      const sandbox = sandboxes.get(id);
      if (!sandbox || !sandbox.checkToken(token))
        throw new LabError('unauthorized', 'Unknown sandbox or wrong token. Sandboxes expire when idle: create a new one.');
      sandbox.touch();
      pool.noteActivity();
      return sandbox;
    },
    find: (id: string) => sandboxes.get(id),
    ids: () => [...sandboxes.keys()],
    get size() {
      return sandboxes.size;
    },
    /** Whether `ticket` is a live place in line for this owner (polls with one skip the creation budgets). */
    isWaiting: (ticket: string, ownerKey: string) => queue.has(ticket, ownerKey),
    /** Started runtimes waiting in the warm pool. */
    get warmReady() {
      return pool.size;
    },
    get queued() {
      return queue.length;
    },
    /** What this engine holds and can take, for heartbeats and the instructor dashboard. */
    capacity() {
      const live = sandboxes.size;
      return { live, free: Math.max(0, maxSandboxes - live), warm: pool.size, max: maxSandboxes, memoryBytes, waiting: queue.length };
    },
    /**
     * Warms the pool for an announced class (hot start): from a lead time before `at` the pool fills to
     * cover `learners` (bounded by free places), the lab is provisioned once, and after the class has
     * arrived the pool shrinks back. Repeating the call for the same lab and time updates it.
     */
    prepareFor(input: ClassPlanInput) {
      const planned = demand.prepare(input);
      pool.adjust();
      void plan();
      return planned;
    },
    /** Forgets an announced class (cancelled). */
    cancelPrepared(labId: string, at: number | string | Date) {
      const removed = demand.cancel(labId, at);
      if (removed) pool.adjust();
      return removed;
    },
    /** How the pool is sized now, and how many uploads were validated (loaded) versus found already valid. */
    get warmStats() {
      return { target: demand.target(room()), ready: pool.size, started: pool.started, ratePerMinute: demand.ratePerMinute, plans: demand.plans, validations: validations.stats };
    },
    async dispose(id: string) {
      const sandbox = sandboxes.get(id);
      if (!sandbox) return;
      sandboxes.delete(id);
      owners.remove(id);
      await sandbox.dispose();
    },
    async close() {
      clearInterval(sweeper);
      clearInterval(planner);
      const stopping = Promise.all([pool.close(), ...[...sandboxes.keys()].map((id) => engine.dispose(id))]);
      // Removed at once, not after the runtimes stop: a forced exit (shutdown's 5 s limit) must not leave them.
      const removeDirs = () => {
        rmSync(sandboxDir, { recursive: true, force: true });
        rmSync(ownSandboxDir, { recursive: true, force: true });
      };
      removeDirs();
      await stopping;
      removeDirs();
    },
  };
  return engine;
}

export type LabEngine = ReturnType<typeof createLabEngine>;
