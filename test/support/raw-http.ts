import net from 'node:net';

/**
 * HTTP/1.1 over a raw socket, for requests no well-behaved client would send: lying Content-Length, broken
 * chunking, bodies cut short, any header. Reads back exactly one response (skipping 100 Continue).
 */

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What came back for one request: a complete response, or how the connection ended without one. */
export type RawOutcome = { response: RawResponse } | { failure: 'closed-without-response' | 'reset' | 'timeout'; partial: string };

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string | number | string[]>;
  /** Written as is, after the headers; an array is written piece by piece (e.g. hand-made chunks). */
  body?: Buffer | string | Array<Buffer | string>;
  /** Half-close after writing (the client says it will send nothing more). */
  end?: boolean;
}

/** Adds Content-Length for a body when the request names neither a length nor a transfer encoding. */
export function serializeRequest(request: RawRequest): Buffer[] {
  const body = (request.body === undefined ? [] : Array.isArray(request.body) ? request.body : [request.body]).map((b) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : b));
  const headers: Record<string, string | number | string[]> = { host: '127.0.0.1', ...request.headers };
  const named = Object.keys(headers).map((k) => k.toLowerCase());
  if (body.length > 0 && !named.includes('content-length') && !named.includes('transfer-encoding')) {
    headers['content-length'] = body.reduce((sum, b) => sum + b.length, 0);
  }
  const lines = [`${request.method ?? 'POST'} ${request.path ?? '/api/messages'} HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
  }
  return [Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), ...body];
}

/** One connection, one request at a time; reusable while the server keeps it open. */
export class RawConnection {
  private buffer = Buffer.alloc(0);
  private closed = false;
  private reset = false;
  private waiter: (() => void) | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiter?.();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') this.reset = true;
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  get usable(): boolean {
    return !this.closed && !this.socket.destroyed && !this.socket.writableEnded;
  }

  async send(request: RawRequest | Buffer[], timeoutMs = 20_000): Promise<RawOutcome> {
    const pieces = Array.isArray(request) ? request : serializeRequest(request);
    for (const piece of pieces) if (!this.socket.destroyed) this.socket.write(piece);
    if (!Array.isArray(request) && request.end) this.socket.end();
    return this.readResponse(timeoutMs, !Array.isArray(request) && request.method === 'HEAD');
  }

  destroy(): void {
    this.socket.destroy();
  }

  private async readResponse(timeoutMs: number, headRequest: boolean): Promise<RawOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = parseResponse(this.buffer, this.closed, headRequest);
      if (parsed !== null && parsed.response.status >= 200) {
        this.buffer = this.buffer.subarray(parsed.length);
        if ((parsed.response.headers.connection ?? '').toLowerCase() === 'close') this.socket.end();
        return { response: parsed.response };
      }
      if (parsed !== null) {
        this.buffer = this.buffer.subarray(parsed.length); // 100 Continue
        continue;
      }
      if (this.closed) return { failure: this.reset ? 'reset' : 'closed-without-response', partial: this.buffer.toString('latin1').slice(0, 200) };
      if (Date.now() > deadline) return { failure: 'timeout', partial: this.buffer.toString('latin1').slice(0, 200) };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiter = () => {
          clearTimeout(timer);
          this.waiter = null;
          resolve();
        };
      });
    }
  }
}

/** A complete response at the start of `data`, and how many bytes it took; null when more is needed. */
function parseResponse(data: Buffer, closed: boolean, headRequest: boolean): { response: RawResponse; length: number } | null {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const [statusLine = '', ...headerLines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  if (Number.isNaN(status)) throw new Error(`not an HTTP response: ${statusLine}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyStart = headEnd + 4;
  if (status < 200 || status === 204 || status === 304 || headRequest) return { response: { status, headers, body: Buffer.alloc(0) }, length: bodyStart };
  if (headers['content-length'] !== undefined) {
    const end = bodyStart + Number(headers['content-length']);
    return data.length >= end ? { response: { status, headers, body: data.subarray(bodyStart, end) }, length: end } : null;
  }
  if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
    const chunks: Buffer[] = [];
    let at = bodyStart;
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
      if (data.length < lineEnd + 2 + size + 2) return null;
      if (size === 0) return { response: { status, headers, body: Buffer.concat(chunks) }, length: lineEnd + 4 };
      chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  // No length: the body runs to the end of the connection.
  return closed ? { response: { status, headers, body: data.subarray(bodyStart) }, length: data.length } : null;
}

/** A port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
