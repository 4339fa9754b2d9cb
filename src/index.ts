import { existsSync } from 'node:fs';
import { startApp } from './app';
import { isLoopbackHost } from './bot/local-identity';
import { ConfigError, loadConfig } from './config';
import { createLogger, Redactor } from './logger';
import { startPlayground } from './playground/launch';

/** Orchestrators (Kubernetes, App Service) wait about 30 s after SIGTERM before killing the process. */
const SHUTDOWN_GRACE_MS = 25_000;

/** `npm start`: configuration → app → (sandbox only) the local Teams-like client. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example and the README's Configuration section.\n`);
      process.exit(1);
    }
    throw err;
  }

  const redactor = new Redactor(config.secrets);
  const logger = createLogger({ level: config.logLevel, redactor });
  keepServingAfterUnexpectedErrors(logger);
  const app = await startApp(config, logger, { registerSecret: (s) => redactor.add(s) });
  const botEndpoint = `${app.server.url}/api/messages`;
  logger.info('bot listening', { endpoint: botEndpoint, host: config.host, itflow: config.itflow.mode });
  if (config.bot.appId === undefined && !isLoopbackHost(config.host)) {
    logger.warn('listening beyond this machine without Bot Framework authentication: anyone who reaches the port can use the bot', { host: config.host });
  }

  let playground: Awaited<ReturnType<typeof startPlayground>> | null = null;
  if (config.itflow.mode === 'sandbox' && config.playground.enabled) {
    playground = await startPlayground({
      botEndpoint,
      port: config.playground.port,
      logger: logger.child({ component: 'playground' }),
      configDir: 'data/playground',
    });
    process.stdout.write(
      `\n  ITFlow contacts bot is running against the embedded ITFlow sandbox (${app.itflowUrl}).\n` +
        `  Open ${playground.url} in a browser and try "find sally", "add contact" or "help".\n\n`,
    );
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    // Turns in flight finish first (each is bounded by ITFLOW_TIMEOUT_MS per ITFlow call); a stuck one does not
    // keep the process alive past the grace period.
    setTimeout(() => {
      logger.error('shutdown took too long; exiting with requests still open', { graceMs: SHUTDOWN_GRACE_MS });
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    void (async () => {
      try {
        await app.close();
        await playground?.close();
        logger.info('stopped');
        process.exit(0);
      } catch (err) {
        logger.error('shutdown failed', { error: err });
        process.exit(1);
      }
    })();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/**
 * Every request's errors are caught where they happen; this is the net under that. One request that hits an
 * unforeseen error must not end the process (and every other user's turn with it), so the error is logged and
 * the process keeps serving.
 */
function keepServingAfterUnexpectedErrors(logger: ReturnType<typeof createLogger>): void {
  process.on('uncaughtException', (error) => logger.error('uncaught exception; still serving', { error }));
  process.on('unhandledRejection', (error) => logger.error('unhandled promise rejection; still serving', { error }));
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
