import { createGzip, deflateSync, brotliCompressSync, gzipSync } from 'node:zlib';
import net from 'node:net';
import http from 'node:http';
import { CONNECTOR_CALL_BUDGET_MS } from '../../src/bot/connector-deadline';
import { MAX_BODY_BYTES } from '../../src/request-body';
import { BotHarness } from '../support/bot-harness';
import { textOf } from '../support/card-inspect';
import { cardsOf } from '../support/connector';
import { closedPort, RawConnection, type RawOutcome, type RawRequest } from '../support/raw-http';
import { execute, message } from '../support/teams-activities';

/**
 * The HTTP edge against requests no Teams client sends (findings 1, 4, 6 and 8 of issue 9): compressed,
 * oversized, truncated and malformed bodies, activities that cannot be answered, an unreachable Bot Connector,
 * what /healthz tells strangers, and the listen address. Every request gets an answer, the process survives.
 */

let h: BotHarness;

beforeAll(async () => {
  h = await BotHarness.start();
});
afterAll(async () => {
  await h?.stop();
});

const json = { 'content-type': 'application/json' };
const help = () => JSON.stringify(message('help', h.opts()));

async function send(request: RawRequest): Promise<RawOutcome> {
  const connection = await RawConnection.open(h.app.server.port);
  try {
    return await connection.send(request);
  } finally {
    connection.destroy();
  }
}

async function statusOf(request: RawRequest): Promise<number | string> {
  const outcome = await send(request);
  return 'response' in outcome ? outcome.response.status : outcome.failure;
}

/** The server still answers a normal message with the help card. */
async function stillServing(): Promise<void> {
  const before = h.connector.calls.length;
  expect((await h.post(message('help', h.opts()))).status).toBe(200);
  const cards = h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity));
  expect(cards.map(textOf).join('\n')).toMatch(/what you can ask/i);
}

/** A valid gzip stream of `megabytes` MB of zeros, made without holding the inflated bytes. */
async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gzip.once('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  gzip.end();
  await done;
  return Buffer.concat(out);
}

describe('compressed bodies are refused before a byte is read (415)', () => {
  it('a body that claims gzip but is not: 415, and the process lives on', async () => {
    expect(await statusOf({ headers: { ...json, 'content-encoding': 'gzip' }, body: help() })).toBe(415);
    await stillServing();
  });

  it('a gzip bomb (~200 KB inflating to 200 MB): 415, and memory does not grow with it', async () => {
    const bomb = await gzipBomb(200);
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < 5; i++) {
      expect(await statusOf({ headers: { ...json, 'content-encoding': 'gzip', 'content-length': bomb.length }, body: bomb })).toBe(415);
    }
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
    await stillServing();
  });

  it.each<[string, Buffer]>([
    ['deflate', deflateSync(Buffer.from('{"type":"message"}'))],
    ['br', brotliCompressSync(Buffer.from('{"type":"message"}'))],
    ['GZIP', gzipSync(Buffer.from('{"type":"message"}'))],
    ['gzip, identity', gzipSync(Buffer.from('{"type":"message"}'))],
    ['x-🙂-garbage', Buffer.from('whatever')],
    ['compress', Buffer.from('whatever')],
  ])('Content-Encoding %s: 415', async (encoding, body) => {
    expect(await statusOf({ headers: { ...json, 'content-encoding': encoding, 'content-length': body.length }, body })).toBe(415);
  });

  it('Content-Encoding identity is no compression: answered', async () => {
    const body = help();
    expect(await statusOf({ headers: { ...json, 'content-encoding': 'identity', 'content-length': Buffer.byteLength(body) }, body })).toBe(200);
  });
});

describe('bodies: the limit counts bytes received; truncated, malformed and hostile ones get a 4xx', () => {
  /** A typing activity (answered with 200, nothing sent) padded to exactly `bytes`. */
  const padded = (bytes: number) => {
    const base = JSON.stringify({ ...message('', h.opts()), type: 'typing', padding: '' });
    return base.replace('"padding":""', `"padding":"${'x'.repeat(bytes - Buffer.byteLength(base))}"`);
  };

  it('exactly the limit: answered; one byte more: 413 (declared or chunked)', async () => {
    const atLimit = padded(MAX_BODY_BYTES);
    const over = padded(MAX_BODY_BYTES + 1);
    expect(Buffer.byteLength(atLimit)).toBe(MAX_BODY_BYTES);
    expect(await statusOf({ headers: { ...json, 'content-length': MAX_BODY_BYTES }, body: atLimit })).toBe(200);
    expect(await statusOf({ headers: { ...json, 'content-length': MAX_BODY_BYTES + 1 }, body: over })).toBe(413);
    const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
    const chunks = [chunk(over.slice(0, 100_000)), chunk(over.slice(100_000, 200_000)), chunk(over.slice(200_000)), '0\r\n\r\n'];
    expect(await statusOf({ headers: { ...json, 'transfer-encoding': 'chunked' }, body: chunks })).toBe(413);
    await stillServing();
  });

  it('a 10 MB chunked body is answered 413 without being held in memory, and the connection stays usable', async () => {
    const rssBefore = process.memoryUsage().rss;
    const piece = `${(1024 * 1024).toString(16)}\r\n${'a'.repeat(1024 * 1024)}\r\n`;
    const connection = await RawConnection.open(h.app.server.port);
    try {
      const outcome = await connection.send({ headers: { ...json, 'transfer-encoding': 'chunked' }, body: [...Array.from({ length: 10 }, () => piece), '0\r\n\r\n'] });
      expect('response' in outcome && outcome.response.status).toBe(413);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
      const next = await connection.send({ headers: json, body: help() });
      expect('response' in next && next.response.status).toBe(200);
    } finally {
      connection.destroy();
    }
  });

  it.each<[string, number, RawRequest]>([
    ['a body cut short (Content-Length larger than sent, then the client stops)', 400, { headers: { ...json, 'content-length': 5000 }, body: '{"type":"message"', end: true }],
    ['a Content-Length shorter than the body', 400, { headers: { ...json, 'content-length': 10 }, body: '{"type":"message","text":"help"}' }],
    ['Content-Length that is not a number', 400, { headers: { ...json, 'content-length': 'ten' }, body: '{}' }],
    ['a negative Content-Length', 400, { headers: { ...json, 'content-length': -1 }, body: '{}' }],
    ['two different Content-Lengths', 400, { headers: { ...json, 'content-length': ['2', '3'] }, body: '{}x' }],
    ['Content-Length and chunked together', 400, { headers: { ...json, 'content-length': 2, 'transfer-encoding': 'chunked' }, body: '2\r\n{}\r\n0\r\n\r\n' }],
    ['broken chunk sizes', 400, { headers: { ...json, 'transfer-encoding': 'chunked' }, body: 'zz\r\n{}\r\n0\r\n\r\n' }],
    ['an empty body', 400, { headers: { ...json, 'content-length': 0 } }],
    ['invalid UTF-8 and control bytes', 400, { headers: json, body: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x7d]) }],
    ['JSON nested 10,000 deep', 400, { headers: json, body: `${'['.repeat(10_000)}${']'.repeat(10_000)}` }],
    ['an activity whose value nests 100 deep', 400, { headers: json, body: JSON.stringify({ ...message('', { serviceUrl: 'http://127.0.0.1:9' }), value: JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`) as unknown }) }],
    ['a 20 KB header line', 431, { headers: { ...json, 'x-padding': 'p'.repeat(20_000) }, body: '{}' }],
    ['CONNECT', 405, { method: 'CONNECT', path: '127.0.0.1:22', headers: {} }],
    ['a WebSocket upgrade', 400, { method: 'GET', path: '/api/messages', headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': 13, 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } }],
  ])('%s: %i', async (_label, expected, request) => {
    expect(await statusOf(request)).toBe(expected);
    await stillServing();
  });

  it('an activity whose card data nests 40 deep is still answered', async () => {
    const value = JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) as unknown;
    expect(await statusOf({ headers: json, body: JSON.stringify({ ...message('', h.opts()), type: 'typing', value }) })).toBe(200);
  });

  it('a client that half-closes after sending its request still gets the answer', async () => {
    const before = h.connector.calls.length;
    expect(await statusOf({ headers: json, body: help(), end: true })).toBe(200);
    expect(h.connector.calls.length).toBeGreaterThan(before);
  });

  it('Expect: 100-continue is honoured', async () => {
    const body = help();
    expect(await statusOf({ headers: { ...json, expect: '100-continue', 'content-length': Buffer.byteLength(body) }, body })).toBe(200);
  });

  it('clients that vanish mid-request (half a body, then a reset) cost nothing and break nothing', async () => {
    const errorsBefore = h.logLines.filter((l) => l.includes('"level":"error"')).length;
    for (let i = 0; i < 50; i++) {
      const socket = net.connect(h.app.server.port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`POST /api/messages HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 4000\r\n\r\n{"type":"mess`);
      await new Promise((resolve) => setTimeout(resolve, i % 5));
      socket.resetAndDestroy();
    }
    await stillServing();
    expect(h.logLines.filter((l) => l.includes('"level":"error"')).length).toBe(errorsBefore);
  });
});

describe('activities that cannot be answered are refused at the envelope (400), before botbuilder', () => {
  const without = (field: string, path: string[] = []) => {
    const activity = structuredClone(message('help', h.opts())) as Record<string, Record<string, unknown>>;
    if (path.length === 0) delete activity[field];
    else delete activity[field]![path[0]!];
    return activity;
  };

  it.each<[string, () => Record<string, unknown>, string]>([
    ['no recipient', () => without('recipient'), 'recipient is missing'],
    ['a recipient without id', () => without('recipient', ['id']), 'recipient.id is missing'],
    ['no serviceUrl', () => without('serviceUrl'), 'serviceUrl is missing'],
    ['no conversation', () => without('conversation'), 'conversation is missing'],
    ['a conversation without id', () => without('conversation', ['id']), 'conversation.id is missing'],
    ['a serviceUrl that is not a URL', () => ({ ...message('help', h.opts()), serviceUrl: 'not a url' }), 'serviceUrl is malformed'],
    ['a relative serviceUrl', () => ({ ...message('help', h.opts()), serviceUrl: '/v3/conversations' }), 'serviceUrl is malformed'],
    ['an ftp serviceUrl', () => ({ ...message('help', h.opts()), serviceUrl: 'ftp://127.0.0.1/' }), 'serviceUrl is malformed'],
    ['a javascript: serviceUrl', () => ({ ...message('help', h.opts()), serviceUrl: 'javascript:alert(1)' }), 'serviceUrl is malformed'],
    ['an empty serviceUrl', () => ({ ...message('help', h.opts()), serviceUrl: '' }), 'serviceUrl is malformed'],
    ['a numeric serviceUrl', () => ({ ...message('help', h.opts()), serviceUrl: 3978 }), 'serviceUrl is malformed'],
  ])('%s', async (_label, build, problem) => {
    const before = h.connector.calls.length;
    const { status, body } = await h.post(build());
    expect(status).toBe(400);
    expect(body).toEqual({ error: `Not a Bot Framework activity: ${problem}` });
    expect(h.connector.calls.length).toBe(before);
  });
});

describe('a Bot Connector that cannot be reached does not hold the request', () => {
  /** Bound for one request: the connector call's budget once, plus generous slack for a busy machine. */
  const BOUND_MS = 2 * CONNECTOR_CALL_BUDGET_MS;

  async function timed(serviceUrl: string): Promise<{ status: number; ms: number }> {
    const started = Date.now();
    const { status } = await h.post(message('help', { serviceUrl }));
    return { status, ms: Date.now() - started };
  }

  it('nothing listening at the serviceUrl: answered 200, the failure logged, no error message sent after it', async () => {
    const port = await closedPort();
    const from = h.logLines.length;
    const { status, ms } = await timed(`http://127.0.0.1:${port}`);
    expect(status).toBe(200);
    expect(ms).toBeLessThan(BOUND_MS);
    const logged = h.logLines.slice(from).join('\n');
    expect(logged).toContain('unhandled error in turn');
    expect(logged).not.toContain('could not tell the user about the error');
  });

  it('a connector that drops every connection: at most 4 attempts, answered 200', async () => {
    let attempts = 0;
    const dropping = net.createServer((socket) => {
      attempts += 1;
      socket.resetAndDestroy();
    });
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    try {
      const { status, ms } = await timed(`http://127.0.0.1:${(dropping.address() as net.AddressInfo).port}`);
      expect(status).toBe(200);
      expect(ms).toBeLessThan(BOUND_MS);
      expect(attempts).toBeGreaterThanOrEqual(1);
      expect(attempts).toBeLessThanOrEqual(4);
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });

  it('an Action.Execute with nothing listening at its serviceUrl still answers its card in the HTTP response', async () => {
    const started = Date.now();
    const { status, body } = await h.post(execute('contact.view', { contactId: 1 }, { serviceUrl: `http://127.0.0.1:${await closedPort()}` }));
    expect(status).toBe(200);
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    expect((body as { type: string }).type).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('a connector that accepts and never answers: the request is still answered, within the budget', async () => {
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const { status, ms } = await timed(`http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`);
      expect(status).toBe(200);
      expect(ms).toBeGreaterThanOrEqual(CONNECTOR_CALL_BUDGET_MS - 100);
      expect(ms).toBeLessThan(BOUND_MS);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});

describe('/healthz tells anyone states, nothing more', () => {
  it('up: status and checks only', async () => {
    const res = await fetch(`${h.app.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'up', checks: { itflow: 'up', directory: 'ready', store: 'up' } });
  });

  it('ITFlow failing: 503 "degraded", no host, port or error text; the detail is in the log', async () => {
    h.sandbox.faults.set({ mode: 'error500' });
    try {
      await h.execute('contact.view', { contactId: 1 });
      const res = await fetch(`${h.app.server.url}/healthz`);
      const text = await res.text();
      expect(res.status).toBe(503);
      expect(JSON.parse(text)).toEqual({ status: 'degraded', checks: { itflow: 'down', directory: 'ready', store: 'up' } });
      const itflow = new URL(h.sandbox.url);
      expect(text).not.toContain(itflow.port);
      expect(text).not.toContain(itflow.hostname);
      expect(text).not.toMatch(/error|HTTP|500/i);
      const logged = h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'health changed' && l.status === 'degraded');
      expect(logged.at(-1)?.itflowLastError).toMatch(/HTTP 500/);
    } finally {
      h.sandbox.faults.clear();
    }
    await h.execute('contact.view', { contactId: 1 });
    expect((await fetch(`${h.app.server.url}/healthz`)).status).toBe(200);
  });
});

describe('HOST: the bot listens where it is told; the sandbox stays on loopback', () => {
  let other: BotHarness;
  beforeAll(async () => {
    other = await BotHarness.start({ env: { HOST: '127.0.0.2' } });
  });
  afterAll(async () => {
    await other?.stop();
  });

  it('answers on 127.0.0.2 and not on 127.0.0.1; its embedded sandbox is on 127.0.0.1', async () => {
    expect(other.app.server.url).toBe(`http://127.0.0.2:${other.app.server.port}`);
    expect((await other.post(message('help', other.opts()))).status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${other.app.server.port}/healthz`)).rejects.toThrow();
    expect(new URL(other.sandbox.url).hostname).toBe('127.0.0.1');
  });
});
