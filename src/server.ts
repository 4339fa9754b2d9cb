import type { IncomingMessage, ServerResponse } from 'node:http';
import restify from 'restify';
import { activityEnvelopeProblem } from './activity-envelope';
import type { Logger } from './logger';

/** What the HTTP edge needs from the bot side; botbuilder stays inside src/bot. */
export interface MessageEndpoint {
  process(req: restify.Request, res: restify.Response): Promise<void>;
}

export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

export interface BotServer {
  url: string;
  port: number;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;

/** restify: POST /api/messages and GET /healthz, nothing else on the bot port. */
export async function startServer(opts: {
  port: number;
  host?: string;
  endpoint: MessageEndpoint;
  health: () => HealthReport;
  logger: Logger;
  /** More routes on the same port (caller ID: src/calls/http.ts). */
  extraRoutes?: (server: restify.Server) => void;
}): Promise<BotServer> {
  const server = restify.createServer({ name: 'itflow-contacts-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    if (!req.is('json') || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      res.send(req.is('json') ? 400 : 415, { error: 'Expected a Bot Framework activity as a JSON object' });
      return;
    }
    // botbuilder trusts these fields: without a type the request would end as a 500, with a wrong type in a turn error.
    const problem = activityEnvelopeProblem(req.body);
    if (problem !== null) {
      res.send(400, { error: `Not a Bot Framework activity: ${problem}` });
      return;
    }
    try {
      await opts.endpoint.process(req, res);
    } catch (err) {
      opts.logger.error('activity processing failed', { error: err });
      if (!res.headersSent) res.send(500, { error: 'Internal error' });
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const report = opts.health();
    res.send(report.ok ? 200 : 503, report);
  });

  opts.extraRoutes?.(server);

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error, callback: () => void) => {
    opts.logger.debug('request rejected', { path: req.path(), status: res.statusCode, error: err.name });
    callback();
  });

  // Answers still being worked on when the server closes must not keep their connection open afterwards.
  const inFlight = new Set<ServerResponse>();
  server.server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold the close open, and so would busy ones once answered.
        server.server.closeIdleConnections?.();
        for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
        opts.logger.info('no longer accepting connections; waiting for requests in flight');
      }),
  };
}
