import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { BotProcess } from '../support/bot-process';
import { textOf } from '../support/card-inspect';
import { cardsOf, LocalConnector } from '../support/connector';
import { RawConnection, type RawOutcome, type RawRequest } from '../support/raw-http';
import { execute, invoke, message, submit, TENANT_ID, type Scope } from '../support/teams-activities';

/**
 * Hostile HTTP at the running bot process (`node src/index.ts`, as in production): generated methods, paths,
 * headers (content types, compression, lying lengths, transfer encodings), raw, compressed and bomb bodies, and
 * Teams activities with fields removed or changed, sent over raw keep-alive sockets, 16 at a time. Every request
 * is answered with a status below 500, the process stays up and serving, and its memory stays bounded.
 */

export const HTTP_HOSTILE_REQUESTS = 10_000;
const CONCURRENCY = 16;
const SEED = 9_0001;
/** Growth of the bot's resident memory over the whole run, at its peak. */
const MAX_RSS_GROWTH_BYTES = 160 * 1024 * 1024;

let sandbox: Sandbox;
let connector: LocalConnector;
let dir: string;
let bot: BotProcess;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'itflow-fuzz-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'itflow'), seed: 'demo' });
  connector = new LocalConnector();
  await connector.start();
  bot = await BotProcess.start({ cwd: dir, itflow: { url: sandbox.url, apiKey: sandbox.adminKey } });
}, 60_000);
afterAll(async () => {
  if (bot?.running) bot.kill('SIGKILL');
  await connector?.stop();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A generated request, and whether it may leave the connection unusable (it then gets a connection of its own). */
interface HostileRequest {
  kind: string;
  request: RawRequest;
  ownConnection: boolean;
}

/** Values where people and cards put values: mostly flat, sometimes nested. */
const json = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null), fc.boolean(), fc.jsonValue({ maxDepth: 2 }));

/** Compressed bodies that inflate to 1–16 MB of zeros or repeated JSON: small on the wire, large in memory. */
const BOMBS = [1, 4, 16].map((mb) => ({ mb, gzip: gzipSync(Buffer.alloc(mb * 1024 * 1024)), deflate: deflateSync(Buffer.alloc(mb * 1024 * 1024)) }));
const OVERSIZED = Buffer.alloc(300_000, 0x20);
const DEEP = Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`);
const brotli = (text: string) => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });

const REMOVABLE = ['type', 'recipient', 'recipient.id', 'serviceUrl', 'conversation', 'conversation.id', 'from', 'from.id', 'channelId', 'channelData', 'channelData.tenant', 'value', 'text', 'entities', 'name', 'id'];
const CHANGEABLE = ['type', 'recipient', 'serviceUrl', 'conversation', 'from', 'channelData', 'value', 'text', 'entities', 'attachments', 'membersAdded', 'locale', 'replyToId', 'name', 'id'] as const;

/** Teams-shaped activities; a third as sent, the rest with fields removed and/or changed. */
const activityArbitrary = (serviceUrl: () => string) => {
  const shaped = fc.record({
    kind: fc.constantFrom('message', 'submit', 'execute', 'invoke', 'conversationUpdate', 'typing', 'event'),
    scope: fc.constantFrom<Scope>('personal', 'channel', 'groupChat'),
    text: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('help', 'find sally', 'show contact 1', 'add contact', 'edit 2', '#3', 'find 555')),
    verb: fc.oneof(fc.constantFrom('contact.view', 'contact.edit', 'contact.save', 'contact.create', 'contact.add', 'contact.cancel'), fc.string({ maxLength: 12 })),
    name: fc.oneof(fc.constantFrom('adaptiveCard/action', 'composeExtension/query', 'task/fetch', 'task/submit', 'composeExtension/queryLink'), fc.string({ maxLength: 12 })),
    data: fc.dictionary(fc.constantFrom('contactId', 'version', 'formId', 'name', 'email', 'clientId', 'title', 'phone'), json, { maxKeys: 3 }),
  });
  const build = (g: typeof shaped extends fc.Arbitrary<infer T> ? T : never): Record<string, unknown> => {
    const opts = { serviceUrl: serviceUrl(), scope: g.scope, tenantId: TENANT_ID };
    const base =
      g.kind === 'message'
        ? message(g.text, opts)
        : g.kind === 'submit'
          ? submit({ verb: g.verb, ...g.data }, opts)
          : g.kind === 'execute'
            ? execute(g.verb, g.data, opts)
            : g.kind === 'invoke'
              ? invoke(g.name, g.data, opts)
              : { ...message(g.text, opts), type: g.kind };
    return structuredClone(base);
  };
  const mangled = fc
    .record({
      shape: shaped,
      removed: fc.subarray(REMOVABLE, { maxLength: 3 }),
      changed: fc.dictionary(fc.constantFrom(...CHANGEABLE), fc.oneof(json, fc.constantFrom('not a url', 'ftp://x/', 'elsewhere', '', 'message')), { maxKeys: 2 }),
    })
    .map(({ shape, removed, changed }) => {
      const activity = build(shape);
      for (const field of removed) {
        const [head, tail] = field.split('.') as [string, string | undefined];
        const parent = activity[head];
        if (tail === undefined) delete activity[head];
        else if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[tail];
      }
      // A valid serviceUrl the connector answers 404 on; an unreachable one would hold a turn for its whole budget.
      if (changed.serviceUrl === 'elsewhere') changed.serviceUrl = `${serviceUrl()}/elsewhere/`;
      return { ...activity, ...changed };
    });
  return fc.oneof({ weight: 1, arbitrary: shaped.map(build) }, { weight: 2, arbitrary: mangled });
};

function hostileRequests(serviceUrl: () => string): fc.Arbitrary<HostileRequest> {
  const activity = activityArbitrary(serviceUrl);
  const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', '', 'json', '*/*', ';;;');
  const encoding = fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-gzip', 'compress', 'gzip, br', 'GZIP', '\u00e9\u00e9', 'identity, gzip');
  const body = fc.oneof(
    { weight: 6, arbitrary: activity.map((a) => ({ kind: 'activity', bytes: Buffer.from(JSON.stringify(a)) })) },
    { weight: 1, arbitrary: json.map((v) => ({ kind: 'json', bytes: Buffer.from(JSON.stringify(v) ?? 'null') })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => ({ kind: 'bytes', bytes: Buffer.from(b) })) },
    { weight: 1, arbitrary: activity.map((a) => ({ kind: 'gzip-activity', bytes: gzipSync(JSON.stringify(a)) })) },
    { weight: 1, arbitrary: fc.constantFrom(...BOMBS).chain((bomb) => fc.constantFrom({ kind: `gzip-bomb-${bomb.mb}MB`, bytes: bomb.gzip }, { kind: `deflate-bomb-${bomb.mb}MB`, bytes: bomb.deflate })) },
    { weight: 1, arbitrary: activity.map((a) => ({ kind: 'brotli-activity', bytes: brotli(JSON.stringify(a)) })) },
    { weight: 1, arbitrary: fc.constantFrom({ kind: 'deep-json', bytes: DEEP }, { kind: 'oversized', bytes: OVERSIZED }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none', bytes: Buffer.alloc(0) }) },
  );
  const framing = fc.oneof(
    { weight: 8, arbitrary: fc.constant('length' as const) },
    { weight: 2, arbitrary: fc.constant('chunked' as const) },
    { weight: 1, arbitrary: fc.constantFrom('longer' as const, 'shorter' as const, 'absent' as const, 'garbage' as const, 'both' as const, 'bad-chunks' as const, 'te-gzip' as const) },
  );
  return fc
    .record({
      method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'CONNECT', 'FOO', 'post') }),
      path: fc.oneof(
        { weight: 8, arbitrary: fc.constant('/api/messages') },
        { weight: 2, arbitrary: fc.constantFrom('/healthz', '/', '/api/messages/', '/API/MESSAGES', '/api/messages?x=1&y', '/api//messages', '/api/messages/../healthz', '/%', '/%zz', '/api/messages%00', '*', `/${'a'.repeat(3000)}`, '/api/messages#frag', 'http://evil.example/api/messages') },
        { weight: 1, arbitrary: fc.webPath() },
      ),
      contentType: fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: contentType }, { weight: 1, arbitrary: fc.constant(undefined) }),
      encoding: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: encoding }),
      lengthGarbage: fc.constantFrom('abc', '-1', '1e3', '0x10', ' ', '18446744073709551616', '12, 12', '+5'),
      body,
      framing,
      extra: fc.dictionary(
        fc.constantFrom('authorization', 'expect', 'x-forwarded-for', 'accept-encoding', 'connection', 'upgrade', 'content-md5', 'x-ms-conversation-id', 'range', 'if-match', 'transfer-encoding', 'cookie'),
        fc.oneof(fc.string({ maxLength: 40 }).map((v) => v.replace(/[\r\n]/g, ' ')), fc.constantFrom('Bearer x.y.z', '100-continue', 'close', 'keep-alive', 'websocket', 'Upgrade', 'chunked', 'gzip')),
        { maxKeys: 2 },
      ),
    })
    .map(({ method, path: requestPath, contentType: type, encoding: enc, body: payload, framing: frame, extra, lengthGarbage }) => {
      const headers: Record<string, string | number | string[]> = { ...extra };
      if (type !== undefined) headers['content-type'] = type;
      if (enc !== undefined) headers['content-encoding'] = enc;
      const bytes = payload.bytes;
      let wire: Array<Buffer | string> = [bytes];
      let end = false;
      switch (frame) {
        case 'length':
          headers['content-length'] = bytes.length;
          break;
        case 'chunked': {
          headers['transfer-encoding'] = 'chunked';
          const half = Math.floor(bytes.length / 2);
          wire = [bytes.subarray(0, half), bytes.subarray(half)].filter((b) => b.length > 0).flatMap((b) => [`${b.length.toString(16)}\r\n`, b, '\r\n']);
          wire.push('0\r\n\r\n');
          break;
        }
        case 'longer':
          headers['content-length'] = bytes.length + 17;
          end = true;
          break;
        case 'shorter':
          headers['content-length'] = Math.max(0, bytes.length - 5);
          break;
        case 'absent':
          break;
        case 'garbage':
          headers['content-length'] = lengthGarbage;
          break;
        case 'both':
          headers['content-length'] = bytes.length;
          headers['transfer-encoding'] = 'chunked';
          break;
        case 'bad-chunks':
          headers['transfer-encoding'] = 'chunked';
          wire = [`zz\r\n`, bytes, '\r\n0\r\n\r\n'];
          break;
        case 'te-gzip':
          headers['transfer-encoding'] = 'gzip, chunked';
          wire = [`${bytes.length.toString(16)}\r\n`, bytes, '\r\n0\r\n\r\n'];
          break;
      }
      if (bytes.length === 0 && ['length', 'longer', 'shorter', 'absent', 'garbage', 'both'].includes(frame)) wire = [];
      const wellFramed = (frame === 'length' || frame === 'chunked') && !('transfer-encoding' in extra) && !('upgrade' in extra) && !('connection' in extra);
      return {
        kind: `${method} ${requestPath.slice(0, 20)} ${payload.kind} ${frame}${enc === undefined ? '' : ` ${enc}`}`,
        request: { method, path: requestPath, headers, body: wire, end },
        ownConnection: !wellFramed || method !== 'POST' || end,
      };
    });
}

/**
 * Generates `total` requests in seeded batches while sending them, CONCURRENCY at a time, over keep-alive
 * connections (a fresh one where framing was broken): generation overlaps the bot's work.
 */
async function sendAll(arbitrary: fc.Arbitrary<HostileRequest>, total: number, port: number, onOutcome: (request: HostileRequest, outcome: RawOutcome) => void): Promise<void> {
  const BATCH = 250;
  let queue: HostileRequest[] = [];
  let generated = 0;
  const nextRequest = (): HostileRequest | undefined => {
    if (queue.length === 0 && generated < total) {
      queue = fc.sample(arbitrary, { numRuns: Math.min(BATCH, total - generated), seed: SEED + generated });
      generated += queue.length;
    }
    return queue.shift();
  };
  const worker = async () => {
    let connection: RawConnection | null = null;
    for (let item = nextRequest(); item !== undefined; item = nextRequest()) {
      if (item.ownConnection || connection === null || !connection.usable) {
        connection?.destroy();
        connection = await RawConnection.open(port);
      }
      const outcome = await connection.send(item.request, 10_000);
      onOutcome(item, outcome);
      if (item.ownConnection || !('response' in outcome)) {
        connection.destroy();
        connection = null;
      }
    }
    connection?.destroy();
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

it(`${HTTP_HOSTILE_REQUESTS} generated hostile HTTP requests: every one answered below 500, the process up, memory bounded`, async () => {
  const started = Date.now();
  const cpuBefore = bot.cpuSeconds();
  const baseline = bot.rssBytes();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, bot.rssBytes())), 200);

  const statuses = new Map<string, number>();
  const problems: Array<{ kind: string; outcome: string }> = [];
  try {
    await sendAll(hostileRequests(() => connector.url), HTTP_HOSTILE_REQUESTS, bot.port, (item, outcome) => {
      const label = 'response' in outcome ? String(outcome.response.status) : outcome.failure;
      statuses.set(label, (statuses.get(label) ?? 0) + 1);
      // A 503 from /healthz is its answer while ITFlow is down, not a failure of the request.
      const degradedHealth = 'response' in outcome && outcome.response.status === 503 && item.request.path === '/healthz';
      if (!('response' in outcome) || (outcome.response.status >= 500 && !degradedHealth)) problems.push({ kind: item.kind, outcome: label });
    });
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, bot.rssBytes());

  const sent = [...statuses.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(
    `http-fuzz: ${sent} hostile requests (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ` +
      `bot RSS ${Math.round(baseline / 2 ** 20)} MB before, ${Math.round(peak / 2 ** 20)} MB peak; ` +
      `${Date.now() - started} ms, bot CPU ${(bot.cpuSeconds() - cpuBefore).toFixed(1)} s\n`,
  );
  expect(problems.slice(0, 10)).toEqual([]);
  expect(sent).toBe(HTTP_HOSTILE_REQUESTS);
  expect(bot.running).toBe(true);
  expect(peak - baseline).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  expect(bot.lines.filter((l) => /uncaught|unhandled promise/.test(l.msg))).toEqual([]);

  // Still serving: a message gets its help card.
  const before = connector.calls.length;
  const outcome = await (await RawConnection.open(bot.port)).send({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(message('help', { serviceUrl: connector.url })) });
  expect('response' in outcome && outcome.response.status).toBe(200);
  expect(connector.calls.slice(before).flatMap((c) => cardsOf(c.activity)).map(textOf).join('\n')).toMatch(/what you can ask/i);
}, 240_000);
