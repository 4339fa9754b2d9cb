import fc from 'fast-check';
import { BotHarness } from '../support/bot-harness';
import { textOf } from '../support/card-inspect';
import { cardsOf } from '../support/connector';
import { execute, invoke, message, submit, TENANT_ID, type Scope } from '../support/teams-activities';

/**
 * Whatever arrives on POST /api/messages: a 4xx or a polite 200 with nothing sent, never a 5xx, and the server
 * keeps serving. Includes a property-based sample of malformed activities.
 */

export const HTTP_FUZZ_RUNS = 500;

let h: BotHarness;

beforeAll(async () => {
  h = await BotHarness.start();
});
afterAll(async () => {
  await h?.stop();
});

async function raw(body: string | Buffer, contentType: string | null, method = 'POST', path = '/api/messages'): Promise<number> {
  const headers: Record<string, string> = contentType === null ? {} : { 'content-type': contentType };
  const res = await fetch(`${h.app.server.url}${path}`, { method, headers, body: method === 'GET' ? undefined : body });
  await res.arrayBuffer();
  return res.status;
}

/** The server still answers a normal message with the help card. */
async function stillServing(): Promise<void> {
  const before = h.connector.calls.length;
  expect((await h.post(message('help', h.opts()))).status).toBe(200);
  const cards = h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity));
  expect(cards.map(textOf).join('\n')).toMatch(/what you can ask/i);
}

describe('malformed HTTP requests get a 4xx', () => {
  const activity = JSON.stringify(message('help', { serviceUrl: 'http://127.0.0.1:9' }));
  it.each<[string, () => Promise<number>, number]>([
    ['a body over the size limit', () => raw(JSON.stringify({ type: 'message', text: 'x'.repeat(300_000) }), 'application/json'), 413],
    ['a body over the limit without content-length (chunked)', () => raw(Buffer.alloc(400_000, 0x61), 'application/json'), 413],
    ['text that is not JSON', () => raw('{"type": "message", ', 'application/json'), 400],
    ['plain text', () => raw('find sally', 'text/plain'), 415],
    ['a form post', () => raw('type=message&text=help', 'application/x-www-form-urlencoded'), 415],
    ['no content type', () => raw(activity, null), 415],
    ['XML', () => raw('<activity type="message"/>', 'application/xml'), 415],
    ['a JSON array of activities', () => raw(`[${activity}]`, 'application/json'), 400],
    ['a JSON string', () => raw('"message"', 'application/json'), 400],
    ['JSON null', () => raw('null', 'application/json'), 400],
    ['an empty object', () => raw('{}', 'application/json'), 400],
    ['an activity without a type', () => raw(JSON.stringify({ ...JSON.parse(activity), type: undefined }), 'application/json'), 400],
    ['an activity whose type is a number', () => raw(JSON.stringify({ ...JSON.parse(activity), type: 7 }), 'application/json'), 400],
    ['GET on the message endpoint', () => raw('', null, 'GET'), 405],
    ['another path', () => raw(activity, 'application/json', 'POST', '/api/other'), 404],
  ])('%s', async (_label, send, expected) => {
    expect(await send()).toBe(expected);
    await stillServing();
  });
});

describe('well-formed but meaningless activities are ignored politely', () => {
  it.each<[string, () => Record<string, unknown>]>([
    ['an unknown activity type', () => ({ ...message('help', h.opts()), type: 'holographicProjection' })],
    ['an unknown invoke name', () => invoke('contacts/selfDestruct', { now: true }, h.opts())],
    ['an invoke with no name', () => ({ ...invoke('x', {}, h.opts()), name: undefined })],
    ['a typing indicator', () => ({ ...message('', h.opts()), type: 'typing' })],
    ['a message reaction', () => ({ ...message('', h.opts()), type: 'messageReaction', reactionsAdded: [{ type: 'like' }] })],
    ['an end of conversation', () => ({ ...message('', h.opts()), type: 'endOfConversation' })],
  ])('%s: 200 and nothing sent', async (_label, build) => {
    const before = h.connector.calls.length;
    const { status } = await h.post(build());
    expect(status).toBe(200);
    expect(h.connector.calls.length).toBe(before);
    await stillServing();
  });

  it.each<[string, () => Record<string, unknown>]>([
    ['Action.Execute with no value', () => ({ ...execute('contact.view', {}, h.opts()), value: undefined })],
    ['Action.Execute with a string value', () => ({ ...execute('contact.view', {}, h.opts()), value: 'contact.view' })],
    ['Action.Execute that is really an Action.Submit', () => ({ ...execute('contact.view', {}, h.opts()), value: { action: { type: 'Action.Submit' } } })],
    ['Action.Execute with data that is an array', () => ({ ...execute('contact.view', {}, h.opts()), value: { action: { type: 'Action.Execute', verb: 'contact.view', data: [1, 2] } } })],
  ])('%s: 400 and nothing sent', async (_label, build) => {
    const before = h.connector.calls.length;
    expect((await h.post(build())).status).toBe(400);
    expect(h.connector.calls.length).toBe(before);
    await stillServing();
  });

  it.each<[string, unknown]>([
    ['a number', 42],
    ['an object', { html: '<b>hi</b>' }],
    ['an array', ['find', 'sally']],
    ['null', null],
  ])('a message whose text is %s: 400 and nothing sent', async (_label, text) => {
    const before = h.connector.calls.length;
    expect((await h.post({ ...message('x', h.opts()), text })).status).toBe(400);
    expect(h.connector.calls.length).toBe(before);
    await stillServing();
  });

  it('a card submission with an unknown verb or hostile data answers "that button did not work"', async () => {
    for (const value of [{ verb: 'contact.delete', contactId: 1 }, { verb: 'contact.view', contactId: '1; DROP TABLE contacts' }, { verb: '__proto__' }, { verb: 'constructor' }]) {
      const before = h.connector.calls.length;
      expect((await h.post({ ...message('', h.opts()), text: undefined, value })).status).toBe(200);
      const cards = h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity));
      expect(cards.map(textOf).join('\n')).toMatch(/did not work/i);
    }
    await stillServing();
  });
});

describe('property: no activity makes the server answer 5xx', () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const verbs = fc.constantFrom('contact.view', 'contact.edit', 'contact.save', 'contact.forceSave', 'contact.create', 'contact.add', 'contact.cancel', 'help');
  /** Activities shaped like Teams sends them, with generated content where people and cards put content. */
  const wellFormed = fc
    .record({
      kind: fc.constantFrom('message', 'submit', 'execute', 'invoke', 'conversationUpdate', 'installationUpdate', 'event', 'messageUpdate'),
      scope: fc.constantFrom<Scope>('personal', 'channel', 'groupChat'),
      tenantId: fc.oneof(fc.constant(TENANT_ID), fc.string()),
      text: fc.oneof(fc.string(), fc.constantFrom('find sally', 'show contact 1', 'add contact', 'edit contact 2', 'help', '<at>ITFlow</at> find john')),
      name: fc.oneof(fc.constantFrom('adaptiveCard/action', 'composeExtension/query', 'composeExtension/queryLink', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'task/fetch', 'task/submit'), fc.string()),
      verb: fc.oneof(verbs, fc.string()),
      data: fc.oneof(
        fc.dictionary(fc.string(), json),
        fc.record({ contactId: fc.oneof(fc.integer(), fc.string(), json), version: fc.oneof(fc.string(), json), formId: fc.oneof(fc.string(), json), name: json, email: json, clientId: json }),
      ),
      value: json,
    })
    .map((g) => {
      const opts = { serviceUrl: h.connector.url, scope: g.scope, tenantId: g.tenantId };
      switch (g.kind) {
        case 'message':
          return message(g.text, opts);
        case 'submit':
          return submit({ verb: g.verb, ...g.data }, opts);
        case 'execute':
          return execute(g.verb, g.data, opts);
        case 'invoke':
          return invoke(g.name, g.value, opts);
        default:
          return { ...message(g.text, opts), type: g.kind, action: 'add', value: g.value };
      }
    });
  /** The same, with a few fields replaced by arbitrary JSON (mistyped or hostile). */
  const mangled = fc
    .tuple(
      wellFormed,
      fc.dictionary(
        fc.constantFrom('from', 'recipient', 'conversation', 'channelData', 'entities', 'attachments', 'membersAdded', 'locale', 'replyToId', 'name', 'text', 'value', 'id'),
        json,
        { minKeys: 1, maxKeys: 3 },
      ),
    )
    .map(([activity, changes]) => ({ ...activity, ...changes }));

  it(`${HTTP_FUZZ_RUNS} generated activities: never 5xx, server stays up`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 1, arbitrary: mangled }), async (activity) => {
        const { status } = await h.post(activity);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: HTTP_FUZZ_RUNS },
    );
    // Most generated activities are well formed and were answered, not refused at the door.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(HTTP_FUZZ_RUNS / 2);
    await stillServing();
  }, 120_000);
});
