import { z } from 'zod';

/**
 * How one environment variable's text becomes a value (flags, id lists, ports, durations, trimmed text, the
 * encryption key). Kept apart from config.ts so that file holds only which variables exist and how they combine;
 * this file reads no environment itself.
 */

export const boolFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const idList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

export const positiveIntList = idList.pipe(z.array(z.string().regex(/^\d+$/, 'must be a comma-separated list of numeric ids').transform(Number)));

export const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .pipe(z.number().int('must be a whole number').min(0).max(65535));

export const seconds = (fallback: number, min: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .pipe(z.number().int('must be a whole number of seconds').min(min));

export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** 32 random bytes: 64 hex characters, or base64 (standard or URL-safe, padding optional). */
export const encryptionKey = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const bytes = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(v) ? Buffer.from(v, 'base64') : null;
  if (bytes === null || bytes.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)' });
    return z.NEVER;
  }
  return { bytes, text: v };
});
