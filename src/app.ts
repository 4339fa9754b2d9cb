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
import { startServer, type BotServer, type HealthReport } from './server';

export interface RunningApp {
  server: BotServer;
  directory: ContactDirectory;
  /** The embedded ITFlow sandbox, when no ITFLOW_URL is configured. */
  sandbox: Sandbox | null;
  itflowUrl: string;
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
  const service = new ContactService(itflow, directory, { allowedClientIds: config.access.allowedClientIds });
  const bot = new ContactsBot({
    service,
    access: new AccessPolicy(config.access),
    contactLink: contactLinkFor(config.contactLinkTemplate, config.itflow.mode === 'remote' ? baseUrl : null),
    itflowBaseUrl: baseUrl,
    logger: logger.child({ component: 'bot' }),
  });
  const endpoint = createMessageEndpoint(
    bot,
    { ...config.bot, endpoints: overrides.authEndpoints },
    logger.child({ component: 'adapter' }),
  );
  const server = await startServer({
    port: config.port,
    host: config.host,
    endpoint,
    logger: logger.child({ component: 'server' }),
    health: healthOf(itflow, directory, logger.child({ component: 'health' })),
  });

  return {
    server,
    directory,
    sandbox,
    itflowUrl: baseUrl,
    close: async () => {
      await server.close();
      await directory.stop();
      await itflow.close();
      await sandbox?.close();
    },
  };
}

/**
 * /healthz: states only, for anyone who asks. What went wrong (ITFlow's last error, which may name its host and
 * port) is logged when the state changes, for operators.
 */
function healthOf(itflow: ItflowClient, directory: ContactDirectory, logger: Logger): () => HealthReport {
  let lastReported = '';
  return () => {
    const reach = itflow.health();
    const loaded = directory.status();
    const degraded = reach.state === 'down' || loaded.state === 'degraded';
    const report: HealthReport = {
      status: degraded ? 'degraded' : loaded.state === 'loading' ? 'loading' : 'up',
      checks: { itflow: reach.state, directory: loaded.state },
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
