import type { IncomingMessage, ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import restify from 'restify';
import { activityEnvelopeProblem } from './activity-envelope';
import type { Logger } from './logger';
import { BodyBudget, readJsonObject, type Refusal } from './request-body';

/** What the HTTP edge needs from the bot side; botbuilder stays inside src/bot. */
export interface MessageEndpoint {
  process(req: restify.Request, res: restify.Response): Promise<void>;
}

/** States only: /healthz is unauthenticated, so hosts, ports and error texts go to the log, never here. */
export interface HealthReport {
  status: 'up' | 'degraded' | 'loading';
  checks: { itflow: 'up' | 'down' | 'unknown'; directory: 'loading' | 'ready' | 'degraded'; store: 'up' | 'down' };
}

export interface BotServer {
  /** A URL this machine can reach the bot at (loopback when listening on every interface). */
  url: string;
  host: string;
  port: number;
  /**
   * Stops accepting connections (new ones are refused) and resolves once every request already received has
   * been answered and every connection has ended: each answer closes its connection, and a keep-alive connection
   * with nothing in flight is closed after DRAIN_IDLE_MS without a request.
   */
  close(): Promise<void>;
}

/** Headers must arrive within this, and the whole request (headers and body) within REQUEST_TIMEOUT_MS. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 20_000;
/** On close, a connection with nothing in flight is ended after this long without a new request. */
const DRAIN_IDLE_MS = 500;

/** restify: POST /api/messages and GET /healthz, nothing else on the bot port. */
export async function startServer(opts: {
  port: number;
  host: string;
  endpoint: MessageEndpoint;
  health: () => HealthReport;
  logger: Logger;
  /** More routes on the same port (caller ID: src/calls/http.ts). */
  extraRoutes?: (server: restify.Server) => void;
}): Promise<BotServer> {
  const { logger } = opts;
  const server = restify.createServer({ name: 'itflow-contacts-bot', handleUncaughtExceptions: false });
  server.server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  // A client that half-closes after sending its request still reads the answer (Node would end the socket first).
  (server.server as typeof server.server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;

  const bodies = new BodyBudget();
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    try {
      const body = await readJsonObject(req, bodies);
      if (!body.ok) {
        if ('aborted' in body) logger.debug('client went away before sending the whole request');
        else refuse(res, body.refusal);
        return;
      }
      // botbuilder trusts these fields: a request it cannot answer is refused here, not dropped inside a turn.
      const problem = activityEnvelopeProblem(body.value);
      if (problem !== null) {
        refuse(res, { status: 400, error: `Not a Bot Framework activity: ${problem}` });
        return;
      }
      req.body = body.value;
      await opts.endpoint.process(req, res);
    } catch (err) {
      logger.error('activity processing failed', { error: err });
      if (!res.headersSent && !res.destroyed) res.send(500, { error: 'Internal error' });
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const report = opts.health();
    res.send(report.status === 'degraded' ? 503 : 200, report);
  });

  opts.extraRoutes?.(server);

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error, callback: () => void) => {
    logger.debug('request rejected', { method: req.method, status: res.statusCode, error: err.name });
    callback();
  });

  // CONNECT and Upgrade requests leave the HTTP machinery with their raw socket: Node destroys a CONNECT's
  // socket unanswered, and restify re-emits 'upgrade' with no one listening, leaving the socket open forever.
  server.server.on('connect', (_req: IncomingMessage, socket: Duplex) => answerRawAndClose(socket, '405 Method Not Allowed'));
  server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => answerRawAndClose(socket, '400 Bad Request'));
  // A request Node cannot parse: Node answers 400 and destroys the socket at once, so a client still sending
  // gets a reset and never reads the answer. Answer, then close gently.
  const answeredMalformed = new WeakSet<Duplex>();
  server.server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (answeredMalformed.has(socket)) return; // the parser reports each further byte again
    answeredMalformed.add(socket);
    if (error.code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) socket.destroy();
    else answerRawAndClose(socket, STATUS_FOR_PARSE_ERROR[error.code ?? ''] ?? '400 Bad Request');
  });

  let draining = false;
  const inFlight = new Set<ServerResponse>();
  /** Open connections, each with the number of its requests not yet answered. */
  const connections = new Map<Socket, number>();
  server.server.on('connection', (socket: Socket) => {
    connections.set(socket, 0);
    socket.once('close', () => connections.delete(socket));
  });
  server.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    connections.set(req.socket, (connections.get(req.socket) ?? 0) + 1);
    res.once('close', () => {
      inFlight.delete(res);
      if (connections.has(req.socket)) connections.set(req.socket, Math.max(0, (connections.get(req.socket) ?? 1) - 1));
    });
    if (draining) {
      // Once closing, every answer ends its connection, so no connection outlives the drain.
      res.shouldKeepAlive = false;
      req.socket.setTimeout(0); // the idle timeout set below must not cut this request
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After start-up the listening socket can still fail to accept a connection (out of file descriptors under a
  // flood): restify re-emits that as 'error', which would end the process with no listener. It keeps serving.
  server.on('error', (error: Error) => logger.error('server error; still listening', { error }));
  const port = server.address().port;
  return {
    url: `http://${reachableHost(opts.host)}:${port}`,
    host: opts.host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        draining = true;
        for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
        // Only the listening socket: http.Server#close would also destroy idle keep-alive connections at once,
        // and a client sending its next request on one at that moment would see a reset. Idle connections get
        // a short grace instead (a request already on its way is answered, then the connection closed).
        net.Server.prototype.close.call(server.server, () => resolve());
        for (const [socket, pending] of connections) if (pending === 0) socket.setTimeout(DRAIN_IDLE_MS);
        logger.info('no longer accepting connections; waiting for requests in flight', { inFlight: inFlight.size });
      }),
  };
}

function refuse(res: restify.Response, refusal: Refusal): void {
  if (res.headersSent || res.destroyed) return;
  if (refusal.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  res.send(refusal.status, { error: refusal.error });
}

const STATUS_FOR_PARSE_ERROR: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};
/** How long a connection being closed keeps reading (and discarding) what the client still sends. */
const LINGER_MS = 2000;

/** Answers on the raw socket and half-closes it; what the client still sends is read and dropped until it closes. */
function answerRawAndClose(socket: Duplex, status: string): void {
  socket.on('error', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** Node's own test before answering a parse error: part of a response already written must not be corrupted. */
function responseStarted(socket: Duplex): boolean {
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  return current?.headersSent === true;
}

/** 0.0.0.0 and :: are not addresses to connect to; the loopback of the same family is. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return net.isIPv6(host) ? `[${host}]` : host;
}
