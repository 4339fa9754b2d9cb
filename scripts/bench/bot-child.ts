import { performance } from 'node:perf_hooks';
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger, Redactor } from '../../src/logger';
import { runChild } from './child-side';

/**
 * Child process: the real app (startApp) against the benchmark's sandbox, configured from the environment the
 * benchmark passes (ITFLOW_URL, ITFLOW_API_KEY, BOT_ALLOW_ANONYMOUS, LOG_LEVEL…). Reports how long the first
 * directory load took, counted from the start of the app.
 */
runChild(async () => {
  const config = loadConfig(process.env);
  const redactor = new Redactor(config.secrets);
  const logger = createLogger({ level: config.logLevel, redactor });
  const started = performance.now();
  const app = await startApp(config, logger);
  await app.directory.whenReady();
  const warmupMs = performance.now() - started;
  const status = app.directory.status();
  return {
    ready: { type: 'ready', url: app.server.url, warmupMs, loaded: status.loaded, state: status.state },
    close: () => app.close(),
  };
});
