import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Connector API. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  activityId: string | null;
  activity: RecordedActivity;
  /** The Authorization header the bot sent (its outbound Bot Framework token), or null. */
  authorization: string | null;
}

export interface RecordedActivity {
  type?: string;
  text?: string;
  id?: string;
  replyToId?: string;
  attachments?: Array<{ contentType: string; content: CardJson }>;
  [key: string]: unknown;
}

/** A bound Adaptive Card as it travels over the wire. */
export interface CardJson {
  type: string;
  version?: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/**
 * A local stand-in for the Bot Connector service: records every activity the bot sends or updates and answers
 * like the real service (a resource id). Tests point the activities' serviceUrl here.
 */
export class LocalConnector {
  readonly calls: ConnectorCall[] = [];
  private server: http.Server | null = null;
  private nextId = 1;
  /** Makes the next N calls fail with this status (for retry/fault tests). */
  failNext: { status: number; count: number } | null = null;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const address = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Cards of the activities sent (not updates) since the last clear, in order. */
  sentCards(): CardJson[] {
    return this.calls.filter((c) => c.method === 'POST').flatMap((c) => cardsOf(c.activity));
  }

  updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
    if (this.failNext && this.failNext.count > 0) {
      this.failNext.count -= 1;
      respond(res, this.failNext.status, '{}');
      return;
    }
    if (!match) {
      respond(res, 404, '{}');
      return;
    }
    const activity = JSON.parse(body) as RecordedActivity;
    this.calls.push({
      method: req.method ?? 'POST',
      path: req.url ?? '',
      conversationId: decodeURIComponent(match[1]!),
      activityId: match[2] ? decodeURIComponent(match[2]) : null,
      activity,
      authorization: req.headers.authorization ?? null,
    });
    const id = req.method === 'PUT' && match[2] ? decodeURIComponent(match[2]) : `activity-${this.nextId++}`;
    respond(res, 200, JSON.stringify({ id }));
  }
}

// Not chained: restify patches http.ServerResponse process-wide and its writeHead returns nothing.
function respond(res: http.ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(body);
}

export function cardsOf(activity: RecordedActivity): CardJson[] {
  return (activity.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content);
}
