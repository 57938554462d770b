import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { Sandbox } from '../lab-engine';
import type { AccountSnapshot } from '../lab-engine/account-state';
import type { CustomHostname } from '../lab-engine/sandbox';
import { exportLabState, importLabState, type LabStateSnapshot } from '../labs/lab-sandbox';

/**
 * What a sandbox holds that the lab and the learner's files cannot rebuild: its account (uploaded Workers,
 * bindings, secrets, namespaces, KV/D1 metadata), the lab's bookkeeping, and the KV and D1 data files
 * workerd persisted. Stored gzipped in the store; another runner restores it before starting the runtime.
 */
export interface SandboxSnapshot {
  v: 1;
  account: AccountSnapshot;
  lab: LabStateSnapshot | null;
  customHostnames: CustomHostname[];
  /** KV and D1 data files under the sandbox's persist dir: relative path → base64. */
  files: Array<[string, string]>;
}

/** Only these hold data that must survive: the cache is a cache, and SQLite rebuilds `-shm` files. */
const PERSISTED = ['kv', 'd1'];
const skip = (name: string) => name.endsWith('-shm');

function* dataFiles(root: string): Generator<string> {
  for (const top of PERSISTED) {
    const stack = [join(root, top)];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const path = join(dir, e.name);
        if (e.isDirectory()) stack.push(path);
        else if (e.isFile() && !skip(e.name)) yield path;
      }
    }
  }
}

/** Cheap change detection: the account version plus size and mtime of every data file. */
export function signatureOf(sandbox: Sandbox): string {
  const parts = [String(sandbox.state.version)];
  for (const path of dataFiles(sandbox.persistDir)) {
    try {
      const s = statSync(path);
      parts.push(`${relative(sandbox.persistDir, path)}:${s.size}:${s.mtimeMs}`);
    } catch {
      /* removed meanwhile */
    }
  }
  return parts.join('|');
}

/** Reads the snapshot; call it in the sandbox's queue so no run writes meanwhile. */
export function captureSnapshot(sandbox: Sandbox): string {
  const files: Array<[string, string]> = [];
  for (const path of dataFiles(sandbox.persistDir)) files.push([relative(sandbox.persistDir, path), readFileSync(path).toString('base64')]);
  const snapshot: SandboxSnapshot = { v: 1, account: sandbox.state.exportSnapshot(), lab: exportLabState(sandbox.id), customHostnames: sandbox.customHostnames, files };
  return gzipSync(JSON.stringify(snapshot)).toString('base64');
}

const snapshotSchema = z.object({
  v: z.literal(1),
  account: z.looseObject({ namespaces: z.array(z.unknown()), accountWorkers: z.array(z.unknown()), kvNamespaces: z.array(z.unknown()), d1Databases: z.array(z.unknown()), stubOrigins: z.array(z.unknown()) }),
  lab: z.looseObject({ labId: z.string() }).nullable(),
  customHostnames: z.array(z.looseObject({ hostname: z.string() })),
  files: z.array(z.tuple([z.string().regex(/^(kv|d1)\/(?!.*\.\.)/), z.string()])),
});

export function parseSnapshot(text: string): SandboxSnapshot {
  return snapshotSchema.parse(JSON.parse(gunzipSync(Buffer.from(text, 'base64')).toString('utf8'))) as unknown as SandboxSnapshot;
}

/** Writes the data files and the account into a new sandbox before its runtime starts. */
export function restoreInto(sandbox: Sandbox, snapshot: SandboxSnapshot): void {
  for (const [path, content] of snapshot.files) {
    const target = join(sandbox.persistDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, Buffer.from(content, 'base64'));
  }
  sandbox.state.restoreSnapshot(snapshot.account);
  if (snapshot.lab) importLabState(sandbox.id, snapshot.lab);
}
