import type { RunResult } from '../lab-engine';
import type { CheckResult, LabRequest, RunStage } from '../labs/lab-runs';
import type { RunnerCapacity } from './store/runners';

export type { RunnerCapacity };

export interface ClassPlan {
  labId: string;
  learners: number;
  /** Epoch ms when the class starts. */
  at: number;
}

export interface CreateSandboxInput {
  id: string;
  token: string;
  accountId: string;
  /** The lab it is provisioned for (null: a raw API sandbox). */
  labId: string | null;
  /** Restore from the sandbox's last snapshot in the store (a sandbox moved from a lost or drained runner). */
  restore: boolean;
}

export interface LabRunInput {
  labId: string;
  files: Record<string, string>;
  request: LabRequest;
}

export interface LabCheckInput {
  labId: string;
  files: Record<string, string>;
}

export interface CheckCallbacks {
  onCheckStart?: (index: number, title: string) => void;
  onResult: (result: CheckResult) => void;
}

/**
 * One lab runner as the web tier sees it. The in-process runner and the HTTP client implement the same
 * interface, so routing never depends on where the runner lives. Errors: LabError for the learner's
 * mistakes, RunnerError when the runner is gone or lost the sandbox, ChecksStopped when a check was stopped.
 */
export interface LabRunner {
  readonly id: string;
  /** Idempotent: a sandbox already there (or being created) is returned as is. */
  create(input: CreateSandboxInput): Promise<{ restored: boolean }>;
  run(id: string, input: LabRunInput, onStage?: (stage: RunStage) => void): Promise<RunResult>;
  check(id: string, input: LabCheckInput, callbacks: CheckCallbacks): Promise<CheckResult[]>;
  stop(id: string): Promise<boolean>;
  /** One raw request into the sandbox's dispatch Worker (`POST /api/sandboxes/{id}/requests`). */
  send(id: string, request: unknown): Promise<RunResult>;
  /** The sandbox's Cloudflare-compatible API; `path` is what follows `/client/v4`. */
  cloudflareApi(id: string, path: string, request: Request): Promise<Response>;
  dispose(id: string): Promise<void>;
  capacity(): Promise<RunnerCapacity>;
  /** Takes no new sandboxes and hands its live ones over (persisted, released in the store). */
  drain(): Promise<{ handedOver: number }>;
  /** Warms the pool for an announced class (its share of the learners), and undoes that. */
  prepareFor(plan: ClassPlan): Promise<void>;
  cancelPrepared(labId: string, at: number): Promise<void>;
}
