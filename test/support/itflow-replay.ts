import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedExchange } from './fixtures';

/** What the client under test actually sent. */
export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type ReplayResponse = RecordedExchange['response'];
/** 'hang' accepts the request and never answers. */
export type ReplayStep = ReplayResponse | 'hang';

// Recomputed by node for the replayed body, or meaningless on loopback.
const DROPPED_HEADERS = new Set(['host', 'date', 'content-length', 'transfer-encoding']);

/**
 * A loopback HTTP server that answers each request with the next scripted response: usually the exact
 * status, headers and body a real ITFlow server gave in a recorded exchange.
 */
export class ReplayServer {
  readonly requests: SentRequest[] = [];
  private steps: ReplayStep[] = [];

  private constructor(private readonly server: Server) {
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://replay.invalid');
        this.requests.push({
          method: req.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const step = this.steps.shift();
        if (step === 'hang') return;
        if (step === undefined) {
          writeResponse(res, { status: 418, headers: { 'content-type': 'text/plain' }, body: 'replay script exhausted' });
          return;
        }
        writeResponse(res, step);
      });
    });
  }

  static async start(): Promise<ReplayServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ReplayServer(server);
  }

  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Replaces the script and forgets earlier requests. */
  script(...steps: ReplayStep[]): void {
    this.steps = [...steps];
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }
}

function writeResponse(res: ServerResponse, response: ReplayResponse): void {
  for (const [name, value] of Object.entries(response.headers)) {
    if (!DROPPED_HEADERS.has(name)) res.setHeader(name, value);
  }
  res.statusCode = response.status;
  res.end(response.body);
}

/** A response that is not from a recording: garbage, odd shapes. */
export function jsonResponse(body: string, status = 200): ReplayResponse {
  return { status, headers: { 'content-type': 'application/json' }, body };
}

/** The API key a recorded request carried (query string for GET, JSON body for POST). */
export function recordedKey(exchange: RecordedExchange): string {
  const fromQuery = exchange.request.query.get('api_key');
  if (fromQuery !== null) return fromQuery;
  const body = exchange.request.body === null ? {} : (JSON.parse(exchange.request.body) as Record<string, unknown>);
  if (typeof body.api_key === 'string') return body.api_key;
  throw new Error(`${exchange.file}: no api_key in the recorded request`);
}

/** What a suite of client-against-replay tests shares: one server, and the clients to close at the end. */
export interface ReplaySuite {
  readonly server: ReplayServer;
  /** Remembers a client so the suite closes it. */
  track<T extends { close(): Promise<void> }>(client: T): T;
}

/** Starts a ReplayServer before the suite's tests and closes it, and every tracked client, after them. */
export function replaySuite(): ReplaySuite {
  let server: ReplayServer | undefined;
  const clients: Array<{ close(): Promise<void> }> = [];
  beforeAll(async () => {
    server = await ReplayServer.start();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });
  return {
    get server(): ReplayServer {
      if (server === undefined) throw new Error('the replay server starts in beforeAll');
      return server;
    },
    track(client) {
      clients.push(client);
      return client;
    },
  };
}
