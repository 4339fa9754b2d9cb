import { z } from 'zod';
import { boolFlag, encryptionKey, idList, optionalText, port, positiveIntList, seconds } from './config-values';

/**
 * The one reader of the environment. Every variable is validated at once and all problems are reported
 * together; values are never echoed back (some are secrets).
 */

const DEFAULT_CONTACT_LINK = '{baseUrl}/agent/contact.php?client_id={clientId}&contact_id={contactId}';
const DEFAULT_TICKET_LINK = '{baseUrl}/agent/ticket.php?client_id={clientId}&ticket_id={ticketId}';

const envSchema = z
  .object({
    ITFLOW_URL: optionalText.pipe(
      z
        .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://itflow.example.com' })
        .transform((u) => u.replace(/\/+$/, ''))
        .optional(),
    ),
    ITFLOW_API_KEY: optionalText,
    ITFLOW_CONTACT_LINK: optionalText.transform((v) => v ?? DEFAULT_CONTACT_LINK),
    ITFLOW_TICKET_LINK: optionalText.transform((v) => v ?? DEFAULT_TICKET_LINK),
    ITFLOW_TIMEOUT_MS: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v === '' ? 2000 : Number(v)))
      .pipe(z.number().int('must be a whole number of milliseconds').min(100).max(120000)),
    PORT: port(3978),
    HOST: optionalText.pipe(z.union([z.ipv4(), z.ipv6(), z.hostname()], { message: 'must be an IP address or a host name, such as 0.0.0.0' }).optional()),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: optionalText.pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
    MicrosoftAppTenantId: optionalText,
    DIRECTORY_REFRESH_SECONDS: seconds(300, 10),
    SANDBOX_PORT: port(3979),
    SANDBOX_DATA_DIR: optionalText.transform((v) => v ?? 'data/sandbox'),
    PLAYGROUND: z.enum(['on', 'off', '']).optional().transform((v) => v !== 'off'),
    PLAYGROUND_PORT: port(56150),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', '']).optional().transform((v) => (v === '' || v === undefined ? 'info' : v)),
    BOT_ALLOW_ANONYMOUS: boolFlag,
    ALLOWED_TENANT_IDS: idList,
    EDITOR_IDS: idList,
    READ_ONLY: boolFlag,
    ALLOWED_CLIENT_IDS: positiveIntList,
    CALLS_API_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    CALLS_EXTENSIONS: idList.pipe(z.array(z.string().regex(/^\d{1,10}=[^\s=,@]+@[^\s=,@]+$/, 'must be a list like 201=tess@msp.example,202=…'))),
    CALLS_PUBLIC_URL: optionalText,
    TWILIO_AUTH_TOKEN: optionalText,
    RINGCENTRAL_VERIFICATION_TOKEN: optionalText,
    ITFLOW_IDENTITY: z
      .enum(['shared', 'personal-preferred', 'personal-required', ''])
      .optional()
      .transform((v) => (v === undefined || v === '' ? 'shared' : v)),
    TOKEN_ENCRYPTION_KEY: encryptionKey,
    DEFAULT_PHONE_REGION: optionalText.pipe(z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as US').optional()),
    REDIS_URL: optionalText.pipe(
      z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL such as redis://:password@redis.example.com:6379' }).optional(),
    ),
    REDIS_KEY_PREFIX: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits or _ . : -')
        .optional(),
    ),
    DATA_DIR: optionalText.transform((v) => v ?? 'data'),
  })
  .superRefine((env, ctx) => {
    if (env.ITFLOW_URL !== undefined && env.ITFLOW_API_KEY === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ITFLOW_API_KEY'], message: 'is required when ITFLOW_URL is set' });
    }
    if (env.MicrosoftAppId !== undefined && env.MicrosoftAppType !== 'UserAssignedMSI' && env.MicrosoftAppPassword === undefined) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (env.MicrosoftAppType === 'SingleTenant' && env.MicrosoftAppTenantId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required when MicrosoftAppType is SingleTenant' });
    }
    if (env.ITFLOW_URL !== undefined && env.MicrosoftAppId === undefined && !env.BOT_ALLOW_ANONYMOUS) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message:
          'is required with a real ITFLOW_URL: without it anyone who reaches the bot endpoint could use the ITFlow key. ' +
          'Set MicrosoftAppId/MicrosoftAppPassword, or BOT_ALLOW_ANONYMOUS=true for local testing only',
      });
    }
    if (env.ITFLOW_IDENTITY !== 'shared' && env.TOKEN_ENCRYPTION_KEY === undefined) {
      ctx.addIssue({ code: 'custom', path: ['TOKEN_ENCRYPTION_KEY'], message: `is required when ITFLOW_IDENTITY is ${env.ITFLOW_IDENTITY} (technicians' keys are stored encrypted with it)` });
    }
    for (const [name, placeholder] of [['ITFLOW_CONTACT_LINK', '{contactId}'], ['ITFLOW_TICKET_LINK', '{ticketId}']] as const) {
      if (!env[name].includes(placeholder)) ctx.addIssue({ code: 'custom', path: [name], message: `must contain ${placeholder}` });
    }
  });

type Env = z.infer<typeof envSchema>;

export interface Config {
  itflow:
    | { mode: 'sandbox'; sandboxPort: number; dataDir: string }
    | { mode: 'remote'; baseUrl: string; apiKey: string };
  contactLinkTemplate: string;
  /** "Open" link of a ticket: {baseUrl}, {clientId}, {ticketId}. */
  ticketLinkTemplate: string;
  itflowTimeoutMs: number;
  port: number;
  /**
   * The bot's listen address. Default: every interface (0.0.0.0) when MicrosoftAppId is set, since then every
   * request must carry a Bot Framework token and Teams (or a proxy, a container's port mapping, App Service) must
   * reach it; loopback (127.0.0.1) otherwise, so an anonymous bot (sandbox, playground, BOT_ALLOW_ANONYMOUS) is
   * never reachable from another machine unless HOST says so. The sandbox and the playground always stay on
   * loopback.
   */
  host: string;
  bot: {
    appId: string | undefined;
    appPassword: string | undefined;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId: string | undefined;
    allowAnonymous: boolean;
  };
  directoryRefreshSeconds: number;
  playground: { enabled: boolean; port: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  access: {
    allowedTenantIds: string[];
    editorIds: string[];
    readOnly: boolean;
    allowedClientIds: number[];
  };
  /** Caller ID endpoints (src/calls); off while apiToken is undefined. */
  calls: {
    apiToken: string | undefined;
    /** Admin mapping: extension → technician email (lower-cased). */
    extensions: Map<string, string>;
    publicUrl: string | undefined;
    twilioAuthToken: string | undefined;
    ringCentralVerificationToken: string | undefined;
  };
  /** DEFAULT_PHONE_REGION: where numbers without a country code are read, and shown in national format. */
  defaultPhoneRegion: string;
  /** The bot's own state (src/store): Redis when a URL is set (several instances), else a SQLite file in dataDir. */
  store: { redisUrl: string | undefined; redisKeyPrefix: string; dataDir: string };
  /** Whose ITFlow key the bot acts with (src/identity); the encryption key for technicians' stored keys. */
  identity: {
    policy: 'shared' | 'personal-preferred' | 'personal-required';
    encryptionKey: Buffer | undefined;
  };
  /** Values to scrub from every log line and error message. */
  secrets: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`));
  }
  return toConfig(parsed.data);
}

function toConfig(env: Env): Config {
  const remote = env.ITFLOW_URL !== undefined && env.ITFLOW_API_KEY !== undefined;
  return {
    itflow: remote
      ? { mode: 'remote', baseUrl: env.ITFLOW_URL!, apiKey: env.ITFLOW_API_KEY! }
      : { mode: 'sandbox', sandboxPort: env.SANDBOX_PORT, dataDir: env.SANDBOX_DATA_DIR },
    contactLinkTemplate: env.ITFLOW_CONTACT_LINK,
    ticketLinkTemplate: env.ITFLOW_TICKET_LINK,
    itflowTimeoutMs: env.ITFLOW_TIMEOUT_MS,
    port: env.PORT,
    host: env.HOST ?? (env.MicrosoftAppId === undefined ? '127.0.0.1' : '0.0.0.0'),
    bot: {
      appId: env.MicrosoftAppId,
      appPassword: env.MicrosoftAppPassword,
      appType: env.MicrosoftAppType ?? 'MultiTenant',
      tenantId: env.MicrosoftAppTenantId,
      allowAnonymous: env.BOT_ALLOW_ANONYMOUS,
    },
    directoryRefreshSeconds: env.DIRECTORY_REFRESH_SECONDS,
    playground: { enabled: env.PLAYGROUND, port: env.PLAYGROUND_PORT },
    logLevel: env.LOG_LEVEL,
    access: {
      allowedTenantIds: env.ALLOWED_TENANT_IDS,
      editorIds: env.EDITOR_IDS.map((s) => s.toLowerCase()),
      readOnly: env.READ_ONLY,
      allowedClientIds: env.ALLOWED_CLIENT_IDS,
    },
    calls: {
      apiToken: env.CALLS_API_TOKEN,
      extensions: new Map(env.CALLS_EXTENSIONS.map((pair) => pair.split('=') as [string, string]).map(([ext, email]) => [ext, email.toLowerCase()])),
      publicUrl: env.CALLS_PUBLIC_URL?.replace(/\/+$/, ''),
      twilioAuthToken: env.TWILIO_AUTH_TOKEN,
      ringCentralVerificationToken: env.RINGCENTRAL_VERIFICATION_TOKEN,
    },
    defaultPhoneRegion: (env.DEFAULT_PHONE_REGION ?? 'US').toUpperCase(),
    identity: { policy: env.ITFLOW_IDENTITY, encryptionKey: env.TOKEN_ENCRYPTION_KEY?.bytes },
    store: { redisUrl: env.REDIS_URL, redisKeyPrefix: env.REDIS_KEY_PREFIX ?? 'itflow-teams:', dataDir: env.DATA_DIR },
    secrets: [
      env.TOKEN_ENCRYPTION_KEY?.text,
      env.ITFLOW_API_KEY,
      env.MicrosoftAppPassword,
      env.CALLS_API_TOKEN,
      env.TWILIO_AUTH_TOKEN,
      env.RINGCENTRAL_VERIFICATION_TOKEN,
      ...urlPasswords(env.REDIS_URL),
    ].filter((s): s is string => s !== undefined),
  };
}

/** A URL's password as written (percent-encoded) and as sent, so neither form reaches a log line. */
function urlPasswords(url: string | undefined): string[] {
  const password = url === undefined ? '' : new URL(url).password;
  if (password === '') return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // A stray % is sent as written.
  }
  return [...new Set([password, decoded])];
}
