import { activityEnvelopeProblem } from '../../src/activity-envelope';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { BodyBudget, exceedsDepth, MAX_JSON_DEPTH, parseJsonObject, readJsonObject, refusalFromHeaders } from '../../src/request-body';
import { execute, invoke, message, submit } from '../support/teams-activities';

/** The pure parts of the HTTP edge: which activities are answerable, which headers and bodies are refused. */

describe('activityEnvelopeProblem', () => {
  const serviceUrl = 'https://smba.trafficmanager.net/amer/';

  it.each<[string, () => Record<string, unknown>]>([
    ['a Teams message', () => message('find sally', { serviceUrl })],
    ['a channel @mention', () => message('find sally', { serviceUrl, scope: 'channel' })],
    ['an Action.Execute invoke', () => execute('contact.view', { contactId: 1 }, { serviceUrl })],
    ['an Action.Submit message', () => submit({ verb: 'contact.view', contactId: 1 }, { serviceUrl })],
    ['a message-extension query', () => invoke('composeExtension/query', { commandId: 'findContact' }, { serviceUrl })],
  ])('accepts %s as the test harness sends it', (_label, build) => {
    expect(activityEnvelopeProblem(build())).toBeNull();
  });

  // As the Agents Playground (m365agentsplayground 0.2.x) builds them: serviceUrl on localhost, the bot as
  // recipient, conversation fields left undefined in personal chats.
  it.each<[string, Record<string, unknown>]>([
    [
      'a Playground message',
      {
        id: 'c6f1', type: 'message', text: 'find sally', timestamp: '2026-01-01T00:00:00.000Z', channelId: 'msteams',
        serviceUrl: 'http://localhost:56150/_connector', recipient: { id: '00000000-0000-0000-0000-0000000000011', name: 'Agent' },
        conversation: { id: 'personal-chat-id', tenantId: '00000000-0000-0000-0000-0000000000001' },
        from: { id: 'user-id-0', aadObjectId: '00000000-0000-0000-0000-0000000000020' }, channelData: { tenant: { id: 't' } },
      },
    ],
    [
      'a Playground invoke (.NET flavour, trailing slash)',
      {
        id: 'c6f2', type: 'invoke', name: 'adaptiveCard/action', channelId: 'msteams', serviceUrl: 'http://localhost:56150/_connector/',
        recipient: { id: 'bot' }, conversation: { id: 'c', conversationType: 'groupChat', isGroup: true }, from: { name: 'Alex' },
        value: { action: { type: 'Action.Execute', verb: 'contact.view', data: { contactId: 1 } } }, replyToId: 'r1',
      },
    ],
  ])('accepts %s', (_label, activity) => {
    expect(activityEnvelopeProblem(activity)).toBeNull();
  });

  it.each<[string, (a: Record<string, unknown>) => unknown, string]>([
    ['no type', (a) => ({ ...a, type: undefined }), 'type is missing'],
    ['no recipient', (a) => ({ ...a, recipient: undefined }), 'recipient is missing'],
    ['a recipient with an empty id', (a) => ({ ...a, recipient: { id: '' } }), 'recipient.id is malformed'],
    ['no serviceUrl', (a) => ({ ...a, serviceUrl: undefined }), 'serviceUrl is missing'],
    ['a serviceUrl without a host', (a) => ({ ...a, serviceUrl: 'http://' }), 'serviceUrl is malformed'],
    ['a file: serviceUrl', (a) => ({ ...a, serviceUrl: 'file:///etc/passwd' }), 'serviceUrl is malformed'],
    ['no conversation', (a) => ({ ...a, conversation: undefined }), 'conversation is missing'],
    ['a conversation id that is a number', (a) => ({ ...a, conversation: { id: 7 } }), 'conversation.id is malformed'],
  ])('refuses %s, naming the field and no value', (_label, change, problem) => {
    expect(activityEnvelopeProblem(change(structuredClone(message('help', { serviceUrl }))))).toBe(problem);
  });
});

describe('refusalFromHeaders', () => {
  it.each([undefined, '', 'identity', ' Identity '])('accepts Content-Encoding %p', (encoding) => {
    expect(refusalFromHeaders({ 'content-type': 'application/json', 'content-encoding': encoding })).toBeNull();
  });

  it.each(['gzip', 'deflate', 'br', 'zstd', 'identity, gzip', 'x'])('refuses Content-Encoding %p with 415', (encoding) => {
    expect(refusalFromHeaders({ 'content-type': 'application/json', 'content-encoding': encoding })?.status).toBe(415);
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/vnd.microsoft.activity+json'])('accepts Content-Type %p', (type) => {
    expect(refusalFromHeaders({ 'content-type': type })).toBeNull();
  });

  it.each([undefined, '', 'text/plain', 'application/jsonx', 'multipart/form-data', 'json'])('refuses Content-Type %p with 415', (type) => {
    expect(refusalFromHeaders({ 'content-type': type })?.status).toBe(415);
  });

  it('refuses a declared length over the limit before reading (413)', () => {
    expect(refusalFromHeaders({ 'content-type': 'application/json', 'content-length': String(256 * 1024 + 1) })?.status).toBe(413);
    expect(refusalFromHeaders({ 'content-type': 'application/json', 'content-length': String(256 * 1024) })).toBeNull();
  });
});

describe('parseJsonObject and exceedsDepth', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(exceedsDepth(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(exceedsDepth(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ text: `${'['.repeat(500)} \\" ${'{'.repeat(500)}` });
    expect(exceedsDepth(text, MAX_JSON_DEPTH)).toBe(false);
    expect(parseJsonObject(Buffer.from(text)).ok).toBe(true);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['truncated', '{"type":"message"'],
    ['an array', '[{"type":"message"}]'],
    ['a string', '"message"'],
    ['null', 'null'],
    ['too deep', `{"value":${nested(200)}}`],
  ])('refuses %s with 400', (_label, body) => {
    const parsed = parseJsonObject(Buffer.from(body));
    expect(parsed.ok === false && 'refusal' in parsed && parsed.refusal.status).toBe(400);
  });

  it('reads an object, with or without a byte-order mark', () => {
    expect(parseJsonObject(Buffer.from('\uFEFF{"type":"message"}'))).toEqual({ ok: true, value: { type: 'message' } });
  });
});

describe('readJsonObject: memory held while bodies arrive', () => {
  /** A request body arriving piece by piece, as Node's IncomingMessage delivers it. */
  const upload = () => {
    const stream = new PassThrough();
    const req = Object.assign(stream, { headers: { 'content-type': 'application/json' }, complete: false }) as unknown as IncomingMessage & PassThrough;
    stream.once('end', () => Object.assign(stream, { complete: true }));
    return req;
  };

  it('refuses with 503 (Retry-After) a body that would take the bodies in progress over the budget, and frees it after', async () => {
    const budget = new BodyBudget(300 * 1024);
    const slow = upload();
    const slowBody = readJsonObject(slow, budget);
    slow.write(Buffer.alloc(200 * 1024, 0x20));
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.used).toBe(200 * 1024);

    const second = upload();
    const secondBody = readJsonObject(second, budget);
    second.end(Buffer.alloc(150 * 1024, 0x20));
    expect(await secondBody).toEqual({ ok: false, refusal: { status: 503, error: expect.stringMatching(/too much at once/) as unknown, retryAfterSeconds: 1 } });

    slow.end('{"type":"message"}');
    expect(await slowBody).toEqual({ ok: true, value: { type: 'message' } });
    expect(budget.used).toBe(0);
  });

  it('a body over the size limit is refused at the first byte too many and frees what it held', async () => {
    const budget = new BodyBudget();
    const big = upload();
    const result = readJsonObject(big, budget);
    big.write(Buffer.alloc(200 * 1024, 0x20));
    big.write(Buffer.alloc(100 * 1024, 0x20));
    expect(await result).toEqual({ ok: false, refusal: { status: 413, error: 'Request body is larger than 262144 bytes' } });
    expect(budget.used).toBe(0);
    big.end(Buffer.alloc(1024)); // the rest is still read and dropped
  });

  it('a client that goes away mid-body is no answer and holds nothing', async () => {
    const budget = new BodyBudget();
    const gone = upload();
    const result = readJsonObject(gone, budget);
    gone.write(Buffer.alloc(1000, 0x20));
    gone.destroy();
    expect(await result).toEqual({ ok: false, aborted: true });
    expect(budget.used).toBe(0);
  });
});
