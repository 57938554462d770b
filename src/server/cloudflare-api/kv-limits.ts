import { apiError } from './envelope';

/**
 * Workers KV's per-entry limits as Cloudflare documents them (developers.cloudflare.com/kv/platform/limits):
 * keys up to 512 bytes, values up to 25 MiB, metadata up to 1,024 bytes of serialized JSON. The messages
 * are the runtime's own (the KV binding says the same); the sandbox's total storage quota is a separate check.
 */
export const KV_LIMITS = { keyBytes: 512, valueBytes: 25 * 1024 * 1024, metadataBytes: 1024 } as const;

/** Error codes the lab answers with (Cloudflare's KV API codes for these are not documented; lab choice). */
export const KV_ERROR_CODES = { keyTooLong: 10033, valueTooLarge: 10034, metadataTooLarge: 10035, invalidKey: 10029 } as const;

export function checkKvKey(key: string): void {
  const length = Buffer.byteLength(key);
  if (length > KV_LIMITS.keyBytes)
    throw apiError(414, KV_ERROR_CODES.keyTooLong, `UTF-8 encoded length of ${length} exceeds key length limit of ${KV_LIMITS.keyBytes}.`);
  if (key === '' || key === '.' || key === '..') throw apiError(400, KV_ERROR_CODES.invalidKey, `Illegal key name "${key}". Please use a different name.`);
}

export function checkKvValue(bytes: number): void {
  if (bytes > KV_LIMITS.valueBytes)
    throw apiError(413, KV_ERROR_CODES.valueTooLarge, `Value length of ${bytes} exceeds limit of ${KV_LIMITS.valueBytes}.`);
}

export function checkKvMetadata(serialized: string): void {
  const length = Buffer.byteLength(serialized);
  if (length > KV_LIMITS.metadataBytes)
    throw apiError(413, KV_ERROR_CODES.metadataTooLarge, `Metadata length of ${length} exceeds limit of ${KV_LIMITS.metadataBytes}.`);
}
