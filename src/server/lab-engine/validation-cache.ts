import { createHash } from 'node:crypto';
import type { UploadTarget } from './runtime-options';
import type { ValidWorkerUpload } from './schemas';

/**
 * Remembers uploads that loaded cleanly, so a class of 50 uploading the same starter validates it once
 * per engine, not once per learner. The key is the code and the configuration that decide whether a
 * module starts (modules, main module, compatibility date and flags, binding names and kinds, where it
 * goes); per-account values (KV and D1 ids, the sandbox's account id and token) are left out, since
 * every learner's copy differs only in those. Only successes are kept: a failure may have been a start-up
 * that timed out on a busy machine, and the learner must see the current error anyway.
 */
export function createValidationCache(options: { remember?: boolean; limit?: number } = {}) {
  const limit = options.limit ?? 2_000;
  const passed = new Map<string, true>();
  let validations = 0;
  let hits = 0;

  function keyOf(upload: ValidWorkerUpload, target: UploadTarget): string {
    const { bindings, ...metadata } = upload.metadata;
    const shapes = (bindings ?? []).map((b) => {
      const { namespace_id: _kv, id: _d1, text: _text, ...rest } = b as Record<string, unknown>;
      return rest;
    });
    return createHash('sha256')
      .update(JSON.stringify({ target: { name: target.name, user: target.namespace !== null }, metadata, bindings: shapes, modules: upload.modules }))
      .digest('base64url');
  }

  return {
    /** Runs `validate` unless this upload already passed; counts both. */
    async check(upload: ValidWorkerUpload, target: UploadTarget, validate: () => Promise<void>): Promise<void> {
      const key = keyOf(upload, target);
      if (options.remember !== false && passed.has(key)) {
        hits++;
        return;
      }
      validations++;
      await validate();
      if (options.remember === false) return;
      if (passed.size >= limit) passed.delete(passed.keys().next().value!);
      passed.set(key, true);
    },
    /** Uploads actually loaded to validate them, and uploads that skipped it. */
    get stats() {
      return { validations, hits, cached: passed.size };
    },
  };
}

export type ValidationCache = ReturnType<typeof createValidationCache>;
