/**
 * The parts of a Teams app manifest this app produces, as a zod schema: the typed result of buildManifest.
 * Objects are loose so template fields not modelled here pass through untouched; the official JSON schema
 * (see teams-schema.ts) remains the full check.
 */
import { z } from 'zod';

export const GUID_PATTERN = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
// Teams accepts MAJOR.MINOR.PATCH only: no pre-release or build suffix.
export const TEAMS_VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

const guid = z.string().regex(GUID_PATTERN, 'must be a GUID such as 1b4f3c2a-0d5e-4f6a-8b7c-9d0e1f2a3b4c');
const httpUrl = z.string().regex(/^https?:\/\//i, 'must be an http(s) URL').max(2048);
const scope = z.enum(['personal', 'team', 'groupChat', 'copilot']);

const botCommand = z.looseObject({ title: z.string().min(1).max(128), description: z.string().max(4000).optional() });

const bot = z.looseObject({
  botId: guid,
  scopes: z.array(scope).min(1),
  supportsFiles: z.boolean().optional(),
  isNotificationOnly: z.boolean().optional(),
  commandLists: z.array(z.looseObject({ scopes: z.array(scope).min(1), commands: z.array(botCommand).max(12) })).optional(),
});

const composeParameter = z.looseObject({
  name: z.string().min(1).max(64),
  title: z.string().min(1).max(32),
  description: z.string().max(128).optional(),
});

const composeCommand = z.looseObject({
  id: z.string().min(1).max(64),
  type: z.enum(['query', 'action']).optional(),
  title: z.string().min(1).max(32),
  description: z.string().max(128).optional(),
  context: z.array(z.enum(['compose', 'commandBox', 'message'])).optional(),
  initialRun: z.boolean().optional(),
  fetchTask: z.boolean().optional(),
  parameters: z.array(composeParameter).min(1).max(5).optional(),
});

const linkHandler = z.looseObject({
  type: z.literal('link'),
  value: z.looseObject({ domains: z.array(z.string().min(1)).min(1) }),
});

const composeExtension = z.looseObject({
  botId: guid,
  commands: z.array(composeCommand).max(10).optional(),
  messageHandlers: z.array(linkHandler).min(1).max(5).optional(),
});

export const teamsManifestSchema = z.looseObject({
  $schema: z.string().optional(),
  manifestVersion: z.string().regex(/^\d+\.\d+$/),
  version: z.string().regex(TEAMS_VERSION_PATTERN, 'must be MAJOR.MINOR.PATCH, e.g. 1.0.0'),
  id: guid,
  developer: z.looseObject({
    name: z.string().min(1).max(32),
    websiteUrl: httpUrl,
    privacyUrl: httpUrl,
    termsOfUseUrl: httpUrl,
  }),
  name: z.looseObject({ short: z.string().min(1).max(30), full: z.string().max(100).optional() }),
  description: z.looseObject({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  icons: z.looseObject({ color: z.string().min(1), outline: z.string().min(1) }),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  bots: z.array(bot).max(1).optional(),
  composeExtensions: z.array(composeExtension).max(1).optional(),
  validDomains: z.array(z.string().min(1).max(2048)).max(100).optional(),
});

export type TeamsManifest = z.infer<typeof teamsManifestSchema>;
