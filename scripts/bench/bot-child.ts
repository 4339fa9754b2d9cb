import diagnostics from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger, Redactor } from '../../src/logger';
import { runChild } from './child-side';

/**
 * Child process: the real app (startApp) against the benchmark's sandbox, configured from the environment the
 * benchmark passes (ITFLOW_URL, ITFLOW_API_KEY, BOT_ALLOW_ANONYMOUS, LOG_LEVEL…). Reports how long the first
 * directory load took, counted from the start of the app; on request, what one full refresh of the directory
 * costs ITFlow (every instance pays it once per DIRECTORY_REFRESH_SECONDS).
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
    refresh: async () => {
      const requests = await countItflowRequests(app.itflowUrl, async () => {
        const started = performance.now();
        await app.directory.refresh();
        return performance.now() - started;
      });
      return { type: 'refreshed', ms: requests.result, requests: requests.count, loaded: app.directory.status().loaded };
    },
    close: () => app.close(),
  };
});

/** Requests undici sends to ITFlow while `work` runs (the bot's only undici traffic while it is idle). */
async function countItflowRequests<T>(itflowUrl: string, work: () => Promise<T>): Promise<{ result: T; count: number }> {
  const origin = new URL(itflowUrl).origin;
  let count = 0;
  const onRequest = (message: unknown): void => {
    const request = (message as { request?: { origin?: unknown } }).request;
    if (request !== undefined && String(request.origin) === origin) count++;
  };
  diagnostics.subscribe('undici:request:create', onRequest);
  try {
    return { result: await work(), count };
  } finally {
    diagnostics.unsubscribe('undici:request:create', onRequest);
  }
}
