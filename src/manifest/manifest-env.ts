/**
 * Maps environment variables to manifest values for the packaging script. Pure: the caller passes the
 * environment. Only public identifiers are read here (app id, URLs); secrets are never touched.
 */
import { z } from 'zod';
import { ManifestError, type ManifestValues } from './build-manifest';

/** Obviously not a real registration: lets the package be built and checked before the bot exists in Entra. */
export const LOCAL_CHECK_BOT_ID = '00000000-0000-0000-0000-000000000000';

const text = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envSchema = z.object({
  MicrosoftAppId: text,
  MANIFEST_APP_ID: text,
  MANIFEST_VERSION: text,
  ITFLOW_URL: text.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://itflow.example.com' }).optional()),
  MANIFEST_DEVELOPER_NAME: text,
  MANIFEST_DEVELOPER_URL: text,
  MANIFEST_PRIVACY_URL: text,
  MANIFEST_TERMS_URL: text,
});

export interface ManifestEnvResult {
  values: ManifestValues;
  warnings: string[];
}

export function manifestValuesFromEnv(env: Record<string, string | undefined>, packageVersion: string): ManifestEnvResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ManifestError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`));
  }
  const e = parsed.data;
  const warnings: string[] = [];
  if (e.MicrosoftAppId === undefined) {
    warnings.push(
      `MicrosoftAppId is not set: using the placeholder bot id ${LOCAL_CHECK_BOT_ID}. ` +
        'This package is for local checks only; Teams will not accept it.',
    );
  }
  if (e.ITFLOW_URL === undefined) {
    warnings.push('ITFLOW_URL is not set (sandbox): link unfurling and validDomains are left out of the manifest.');
  }
  if (e.MANIFEST_DEVELOPER_NAME === undefined || e.MANIFEST_DEVELOPER_URL === undefined) {
    warnings.push('MANIFEST_DEVELOPER_NAME / MANIFEST_DEVELOPER_URL are not set: the package shows placeholder developer details.');
  }
  const values: ManifestValues = {
    botId: e.MicrosoftAppId ?? LOCAL_CHECK_BOT_ID,
    appId: e.MANIFEST_APP_ID,
    itflowHost: e.ITFLOW_URL === undefined ? null : new URL(e.ITFLOW_URL).hostname,
    version: e.MANIFEST_VERSION ?? packageVersion,
    developer: {
      name: e.MANIFEST_DEVELOPER_NAME,
      websiteUrl: e.MANIFEST_DEVELOPER_URL,
      // A site of your own beats example.com for privacy and terms links until dedicated pages exist.
      privacyUrl: e.MANIFEST_PRIVACY_URL ?? e.MANIFEST_DEVELOPER_URL,
      termsOfUseUrl: e.MANIFEST_TERMS_URL ?? e.MANIFEST_DEVELOPER_URL,
    },
  };
  return { values, warnings };
}
