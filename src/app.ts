import { AccessPolicy } from './bot/access';
import { createMessageEndpoint, type BotCredentials } from './bot/adapter';
import { contactLinkFor } from './bot/card-context';
import { ContactsBot } from './bot/contacts-bot';
import type { Config } from './config';
import { ContactDirectory } from './contacts/directory';
import { ContactService } from './contacts/contact-service';
import { ItflowClient } from './itflow/client';
import type { Logger } from './logger';
import { startSandbox, type Sandbox } from './sandbox/sandbox';
import { startServer, type BotServer } from './server';
import { CallsChat } from './bot/calls-chat';
import { createCallerId } from './calls/caller-id';
import { createStore, type Store } from './store';
import { Identities } from './identity';
import { IdentityTurns } from './bot/identity-turn';

export interface RunningApp {
  server: BotServer;
  directory: ContactDirectory;
  /** The embedded ITFlow sandbox, when no ITFLOW_URL is configured. */
  sandbox: Sandbox | null;
  itflowUrl: string;
  store: Store;
  /** ITFLOW_IDENTITY and the technicians' stored keys (src/identity). */
  identities: Identities;
  close(): Promise<void>;
}

/**
 * The composition root: config → ITFlow (remote or embedded sandbox) → client → directory → service → bot →
 * HTTP server. Used by `npm start`, the integration tests and the benchmark alike.
 */
export async function startApp(
  config: Config,
  logger: Logger,
  overrides: { authEndpoints?: BotCredentials['endpoints']; registerSecret?: (secret: string) => void } = {},
): Promise<RunningApp> {
  let sandbox: Sandbox | null = null;
  let baseUrl: string;
  let apiKey: string;
  if (config.itflow.mode === 'sandbox') {
    sandbox = await startSandbox({
      port: config.itflow.sandboxPort,
      dataDir: config.itflow.dataDir,
      seed: 'demo',
      logger: logger.child({ component: 'sandbox' }),
    });
    baseUrl = sandbox.url;
    apiKey = sandbox.adminKey;
    overrides.registerSecret?.(apiKey);
  } else {
    baseUrl = config.itflow.baseUrl;
    apiKey = config.itflow.apiKey;
  }

  const itflow = new ItflowClient({ baseUrl, apiKey, timeoutMs: config.itflowTimeoutMs, logger });
  const directory = new ContactDirectory(itflow, { refreshSeconds: config.directoryRefreshSeconds, logger: logger.child({ component: 'directory' }) });
  directory.start();
  // When ITFlow answers again after an outage, rebuild a directory that failed to refresh instead of waiting.
  itflow.onRecovered(() => {
    if (directory.status().state === 'degraded') directory.refresh().catch(() => undefined);
  });
  // The bot's own state (caller ID's extensions and conversation references); the store work wires REDIS_URL here.
  const store = createStore({ dataDir: config.itflow.mode === 'sandbox' ? config.itflow.dataDir : 'data', logger });
  // Opened at start so a wrong TOKEN_ENCRYPTION_KEY stops the bot here, with a clear message.
  let identities: Identities;
  try {
    identities = await Identities.open({ ...config.identity, store, itflowForKey: (key) => itflow.forKey(key), logger });
  } catch (error) {
    await store.close();
    await directory.stop();
    await itflow.close();
    await sandbox?.close();
    throw error;
  }
  const calls = new CallsChat({ store, logger: logger.child({ component: 'calls' }), appId: config.bot.appId, adapter: () => endpoint.adapter });
  const service = new ContactService(itflow, directory, { allowedClientIds: config.access.allowedClientIds });
  const contactLink = contactLinkFor(config.contactLinkTemplate, config.itflow.mode === 'remote' ? baseUrl : null);
  const bot = new ContactsBot({
    service,
    access: new AccessPolicy(config.access),
    contactLink,
    calls,
    itflowBaseUrl: baseUrl,
    logger: logger.child({ component: 'bot' }),
    // A connected technician's view: the shared directory filtered to their clients, ITFlow with their key.
    identity: new IdentityTurns({
      identities,
      personalService: (identity) =>
        new ContactService(identity.itflow, directory, { allowedClientIds: config.access.allowedClientIds, visibleClientIds: identity.clientIds }),
    }),
  });
  const endpoint = createMessageEndpoint(
    bot,
    { ...config.bot, endpoints: overrides.authEndpoints },
    logger.child({ component: 'adapter' }),
  );
  const callerId = createCallerId({
    config: config.calls,
    directory,
    allowedClientIds: config.access.allowedClientIds,
    store,
    notifier: calls,
    contactLink,
    canVerifyPin: false,
    logger: logger.child({ component: 'calls' }),
  });
  const server = await startServer({
    port: config.port,
    extraRoutes: (s) => callerId.routes(s),
    endpoint,
    logger: logger.child({ component: 'server' }),
    health: () => {
      const status = directory.status();
      const reach = itflow.health();
      const degraded = [...(reach.state === 'down' ? ['itflow'] : []), ...(status.state === 'degraded' ? ['directory'] : [])];
      return {
        ok: degraded.length === 0,
        degraded,
        itflow: config.itflow.mode,
        itflowApi: reach,
        directory: { state: status.state, loaded: status.loaded, lastError: status.lastError },
      };
    },
  });

  return {
    server,
    directory,
    sandbox,
    itflowUrl: baseUrl,
    store,
    identities,
    close: async () => {
      await server.close();
      await store.close();
      await directory.stop();
      await itflow.close();
      await sandbox?.close();
    },
  };
}
