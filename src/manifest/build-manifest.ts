/**
 * Turns manifest/manifest.template.json into a Teams manifest. Placeholders (`${{NAME}}`) are filled by
 * walking the parsed JSON, so a value can never break the JSON or inject structure. Pure.
 */
import { GUID_PATTERN, TEAMS_VERSION_PATTERN, teamsManifestSchema, type TeamsManifest } from './teams-manifest';

export interface DeveloperInfo {
  name: string;
  websiteUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
}

export interface ManifestValues {
  /** The bot's Microsoft App ID (Entra app registration), a GUID. */
  botId: string;
  /** The Teams app id; the bot id when omitted, which Teams allows. */
  appId?: string;
  /** Bare host name of the ITFlow server; null in sandbox mode (no link unfurling, no valid domain). */
  itflowHost: string | null;
  /** MAJOR.MINOR.PATCH */
  version: string;
  developer?: Partial<DeveloperInfo>;
}

export const DEFAULT_DEVELOPER: DeveloperInfo = {
  name: 'Your MSP',
  websiteUrl: 'https://example.com',
  privacyUrl: 'https://example.com/privacy',
  termsOfUseUrl: 'https://example.com/terms',
};

export class ManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot build the Teams manifest:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestError';
  }
}

const PLACEHOLDER = /\$\{\{([A-Za-z0-9_]+)\}\}/g;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const OMIT = Symbol('omit');

export function buildManifest(template: unknown, values: ManifestValues): TeamsManifest {
  const problems: string[] = [];
  const placeholders = placeholderValues(values, problems);
  if (problems.length > 0) throw new ManifestError(problems);

  const filled = fill(template, '', placeholders, problems);
  if (problems.length > 0) throw new ManifestError(problems);
  if (filled === OMIT) throw new ManifestError(['the template is a single placeholder with no value']);

  const parsed = teamsManifestSchema.safeParse(pruneEmptyHostEntries(filled));
  if (!parsed.success) {
    throw new ManifestError(parsed.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`));
  }
  checkBotReferences(parsed.data);
  return parsed.data;
}

function placeholderValues(values: ManifestValues, problems: string[]): Map<string, string | null> {
  const botId = values.botId.trim();
  const appId = (values.appId ?? botId).trim();
  if (!GUID_PATTERN.test(botId)) {
    problems.push(
      `bot id ${JSON.stringify(shorten(botId))} is not a GUID: use the Microsoft App ID of the bot's Entra app registration ` +
        '(MicrosoftAppId), which looks like 1b4f3c2a-0d5e-4f6a-8b7c-9d0e1f2a3b4c',
    );
  }
  if (values.appId !== undefined && !GUID_PATTERN.test(appId)) problems.push(`app id ${JSON.stringify(shorten(appId))} is not a GUID`);
  if (!TEAMS_VERSION_PATTERN.test(values.version)) {
    problems.push(`version ${JSON.stringify(shorten(values.version))} must be MAJOR.MINOR.PATCH, e.g. 1.0.0 (Teams accepts no suffix)`);
  }
  const host = values.itflowHost === null ? null : values.itflowHost.trim().toLowerCase();
  if (host !== null && !HOST_NAME.test(host)) {
    problems.push(`ITFlow host ${JSON.stringify(shorten(host))} must be a bare host name such as itflow.example.com (no scheme, port or path)`);
  }
  const developer = { ...DEFAULT_DEVELOPER, ...definedOnly(values.developer ?? {}) };
  return new Map<string, string | null>([
    ['BOT_ID', botId],
    ['APP_ID', appId],
    ['ITFLOW_HOST', host],
    ['APP_VERSION', values.version],
    ['DEVELOPER_NAME', developer.name],
    ['DEVELOPER_WEBSITE_URL', developer.websiteUrl],
    ['DEVELOPER_PRIVACY_URL', developer.privacyUrl],
    ['DEVELOPER_TERMS_URL', developer.termsOfUseUrl],
  ]);
}

function definedOnly(partial: Partial<DeveloperInfo>): Partial<DeveloperInfo> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined && v.trim() !== ''));
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Copies the JSON tree with placeholders filled. A string that is exactly one placeholder whose value is
 * null is left out of its array or object; a null placeholder inside a longer string is an error.
 */
function fill(node: unknown, path: string, placeholders: ReadonlyMap<string, string | null>, problems: string[]): unknown {
  if (typeof node === 'string') return fillString(node, path, placeholders, problems);
  if (Array.isArray(node)) {
    return node.map((item, i) => fill(item, `${path}[${i}]`, placeholders, problems)).filter((item) => item !== OMIT);
  }
  if (isRecord(node)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const filled = fill(value, path === '' ? key : `${path}.${key}`, placeholders, problems);
      if (filled !== OMIT) out[key] = filled;
    }
    return out;
  }
  if (node === null || typeof node === 'number' || typeof node === 'boolean') return node;
  problems.push(`${path || 'template'}: not JSON data (${typeof node})`);
  return node;
}

function fillString(text: string, path: string, placeholders: ReadonlyMap<string, string | null>, problems: string[]): unknown {
  if (text.replace(PLACEHOLDER, '').includes('${{')) {
    problems.push(`${path}: malformed placeholder in ${JSON.stringify(text)}`);
    return text;
  }
  const whole = /^\$\{\{([A-Za-z0-9_]+)\}\}$/.exec(text);
  if (whole?.[1] !== undefined && placeholders.get(whole[1]) === null) return OMIT;
  const result = text.replace(PLACEHOLDER, (token, name: string) => {
    const value = placeholders.get(name);
    if (value === undefined) {
      problems.push(`${path}: unknown placeholder ${token}`);
      return token;
    }
    if (value === null) {
      problems.push(`${path}: ${token} has no value here and cannot be left out of a longer text`);
      return token;
    }
    return value;
  });
  return result;
}

/** Without an ITFlow host, link handlers with no domain and an empty validDomains would be rejected by Teams. */
function pruneEmptyHostEntries(manifest: unknown): unknown {
  if (!isRecord(manifest)) return manifest;
  const out: Record<string, unknown> = { ...manifest };
  if (isEmptyArray(out.validDomains)) delete out.validDomains;
  const extensions = asArray(out.composeExtensions);
  if (extensions !== null) {
    out.composeExtensions = extensions.map((extension): unknown => {
      const handlers = isRecord(extension) ? asArray(extension.messageHandlers) : null;
      if (!isRecord(extension) || handlers === null) return extension;
      const kept = handlers.filter((h) => !(isRecord(h) && isRecord(h.value) && isEmptyArray(h.value.domains)));
      const copy: Record<string, unknown> = { ...extension, messageHandlers: kept };
      if (kept.length === 0) delete copy.messageHandlers;
      return copy;
    });
  }
  return out;
}

function checkBotReferences(manifest: TeamsManifest): void {
  const botIds = new Set((manifest.bots ?? []).map((b) => b.botId.toLowerCase()));
  const problems = (manifest.composeExtensions ?? [])
    .filter((extension) => !botIds.has(extension.botId.toLowerCase()))
    .map((extension) => `composeExtensions: botId ${extension.botId} is not one of the manifest's bots`);
  if (problems.length > 0) throw new ManifestError(problems);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] | null {
  return Array.isArray(value) ? (value as unknown[]) : null;
}

function isEmptyArray(value: unknown): boolean {
  return asArray(value)?.length === 0;
}
