import { AccessPolicy } from './bot/access';
import { createMessageEndpoint, type BotCredentials } from './bot/adapter';
import { contactLinkFor, ticketLinkFor } from './bot/card-context';
import { ContactTickets } from './bot/contact-tickets';
import { OpenTicketsCache } from './contacts/open-tickets-cache';
import { ContactsBot } from './bot/contacts-bot';
import type { Config } from './config';
import { ContactDirectory } from './contacts/directory';
import { ContactFeed } from './contacts/contact-feed';
import { ContactService } from './contacts/contact-service';
import { writeTiming } from './contacts/shared-writes';
import { ItflowClient } from './itflow/client';
import type { Contact } from './contacts/contact';
import type { Logger } from './logger';
import { startSandbox, type Sandbox } from './sandbox/sandbox';
import { startServer, type BotServer, type HealthReport } from './server';
import { CallsChat } from './bot/calls-chat';
import { createCallerId } from './calls/caller-id';
import { createStore, type Store } from './store';
import { PinCheck } from './contacts/pin-check';
import { PinAttempts } from './bot/verbs/pin-attempts';
import { Identities } from './identity';
import { personalClientFilter } from './identity/policy';
import { IdentityTurns } from './bot/identity-turn';

export interface RunningApp {
  server: BotServer;
  directory: ContactDirectory;
  /** The bot's own state: SQLite in DATA_DIR, or Redis shared with the other instances. */
  store: Store;
  /** The embedded ITFlow sandbox, when no ITFLOW_URL is configured. */
  sandbox: Sandbox | null;
  itflowUrl: string;
  /** ITFLOW_IDENTITY and the technicians' stored keys (src/identity). */
  identities: Identities;
  close(): Promise<void>;
}

/**
 * The composition root: config → ITFlow (remote or embedded sandbox) → client → directory, store → service →
 * bot → HTTP server. Used by `npm start`, the integration tests and the benchmark alike.
 */
export async function startApp(
  config: Config,
  logger: Logger,
  overrides: { authEndpoints?: BotCredentials['endpoints']; registerSecret?: (secret: string) => void } = {},
): Promise<RunningApp> {
  // First: a state directory that cannot be opened stops the start before anything else is running.
  const store = createStore({ ...config.store, logger });
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
  // Opened at start so a wrong TOKEN_ENCRYPTION_KEY stops the bot here, with a clear message.
  let identities: Identities;
  try {
    identities = await Identities.open({ ...config.identity, store, itflowForKey: (key) => itflow.forKey(key), logger });
  } catch (error) {
    await itflow.close();
    await store.close();
    await sandbox?.close();
    throw error;
  }
  const directory = new ContactDirectory(itflow, {
    refreshSeconds: config.directoryRefreshSeconds,
    // Instances started together (a deployment) would otherwise page through ITFlow at the same moments.
    refreshJitter: 0.1,
    logger: logger.child({ component: 'directory' }),
  });
  directory.start();
  const feed = new ContactFeed(store, directory, { logger: logger.child({ component: 'contact-feed' }) });
  feed.start();
  // When ITFlow answers again after an outage, rebuild a directory that failed to refresh instead of waiting.
  itflow.onRecovered(() => {
    if (directory.status().state === 'degraded') directory.refresh().catch(() => undefined);
  });
  const calls = new CallsChat({ store, logger: logger.child({ component: 'calls' }), appId: config.bot.appId, adapter: () => endpoint.adapter });
  const shared = { store, timing: writeTiming(config.itflowTimeoutMs), announce: (contact: Contact) => feed.announce(contact) };
  const service = new ContactService(itflow, directory, shared, { allowedClientIds: config.access.allowedClientIds, phoneRegion: config.defaultPhoneRegion });
  // In sandbox mode the sandbox serves a read-only contact page at ITFlow's path, so the link works there too.
  const contactLink = contactLinkFor(config.contactLinkTemplate, baseUrl);
  const tickets = new ContactTickets(new OpenTicketsCache(itflow.tickets), ticketLinkFor(config.ticketLinkTemplate, config.itflow.mode === 'remote' ? baseUrl : null));
  const pins = {
    check: new PinCheck(itflow, (clientId) => service.isClientAllowed(clientId)),
    attempts: new PinAttempts(store),
    sendPrivately: calls.sendPrivately.bind(calls),
  };
  const bot = new ContactsBot({
    service,
    pins,
    tickets,
    access: new AccessPolicy(config.access),
    contactLink,
    calls,
    itflowBaseUrl: baseUrl,
    logger: logger.child({ component: 'bot' }),
    store,
    // A connected technician's view: the shared directory filtered to their clients, ITFlow with their key.
    identity: new IdentityTurns({
      identities,
      personalService: (identity) =>
        new ContactService(identity.itflow, directory, shared, { allowedClientIds: config.access.allowedClientIds, visibleClientIds: identity.clientIds, phoneRegion: config.defaultPhoneRegion }),
    }),
  });
  const endpoint = createMessageEndpoint(
    bot,
    { ...config.bot, endpoints: overrides.authEndpoints },
    logger.child({ component: 'adapter' }),
  );
  const callerId = createCallerId({
    config: config.calls,
    phoneRegion: config.defaultPhoneRegion,
    directory,
    allowedClientIds: config.access.allowedClientIds,
    store,
    notifier: calls,
    contactLink,
    openTickets: (contact) => tickets.load(contact.id),
    canVerifyPin: true,
    visibleClients: (technician) => visibleClientsOf(identities, technician),
    logger: logger.child({ component: 'calls' }),
  });
  const server = await startServer({
    port: config.port,
    host: config.host,
    extraRoutes: (s) => callerId.routes(s),
    endpoint,
    logger: logger.child({ component: 'server' }),
    // Without the store, writes are refused; without the feed, other instances' writes arrive only at a refresh.
    health: healthOf(itflow, directory, () => (store.health() === 'up' && feed.live() ? 'up' : 'down'), logger.child({ component: 'health' })),
  });

  return {
    server,
    directory,
    store,
    sandbox,
    itflowUrl: baseUrl,
    identities,
    close: async () => {
      await server.close();
      await feed.stop();
      await directory.stop();
      await itflow.close();
      await store.close();
      await sandbox?.close();
    },
  };
}

/**
 * /healthz: states only, for anyone who asks. What went wrong (ITFlow's last error, which may name its host and
 * port) is logged when the state changes, for operators.
 */
function healthOf(itflow: ItflowClient, directory: ContactDirectory, storeState: () => 'up' | 'down', logger: Logger): () => HealthReport {
  let lastReported = '';
  return () => {
    const reach = itflow.health();
    const loaded = directory.status();
    const store = storeState();
    const degraded = reach.state === 'down' || loaded.state === 'degraded' || store === 'down';
    const report: HealthReport = {
      status: degraded ? 'degraded' : loaded.state === 'loading' ? 'loading' : 'up',
      checks: { itflow: reach.state, directory: loaded.state, store },
    };
    const summary = JSON.stringify(report);
    if (summary !== lastReported) {
      lastReported = summary;
      const details = { ...report, itflowLastError: reach.lastError, directoryLoaded: loaded.loaded, directoryLastError: loaded.lastError };
      if (degraded) logger.warn('health changed', details);
      else logger.info('health changed', details);
    }
    return report;
  };
}

/**
 * What an incoming call may show a technician under ITFLOW_IDENTITY: their own key's clients when connected,
 * nothing when they must connect first. A technician known only by email (no Entra id yet) is treated like an
 * unconnected one: the shared key under personal-preferred, nothing under personal-required.
 */
async function visibleClientsOf(identities: Identities, technician: { aadObjectId?: string }): Promise<ReadonlySet<number> | null> {
  if (identities.policy === 'shared') return null;
  const acting = await identities.actingFor(technician.aadObjectId);
  if (acting.kind === 'connect-first') return new Set();
  return personalClientFilter(acting);
}
