import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A stand-in for the Bot Connector service: bots post their replies here (the activity's serviceUrl). It notes
 * when each reply arrives, by the id of the activity it answers, so a load run can time "message sent → reply
 * received" exactly as a user would see it.
 */
export class ReplyConnector {
  private server: http.Server | null = null;
  private readonly waiting = new Map<string, (at: number) => void>();
  replies = 0;

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = performance.now();
        // POST /v3/conversations/{conversation}/activities/{replyToId}
        const match = /^\/v3\/conversations\/[^/]+\/activities\/([^/?]+)/.exec(req.url ?? '');
        if (match !== null) this.arrived(decodeURIComponent(match[1]!), at);
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: `reply-${++this.replies}` }));
      });
    });
    server.keepAliveTimeout = 60_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (address === null || address === undefined) throw new Error('connector not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /**
   * Resolves with the performance.now() at which the first reply to `activityId` arrived. Call it before sending
   * the activity: replies nobody waits for are ignored.
   */
  replyTo(activityId: string): Promise<number> {
    return new Promise((resolve) => this.waiting.set(activityId, resolve));
  }

  /** Stops waiting for a reply that will not come (the request failed). */
  forget(activityId: string): void {
    this.waiting.delete(activityId);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private arrived(activityId: string, at: number): void {
    const resolve = this.waiting.get(activityId);
    if (resolve === undefined) return;
    this.waiting.delete(activityId);
    resolve(at);
  }
}
