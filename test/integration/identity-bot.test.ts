import { randomBytes } from 'node:crypto';
import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/contacts/contact';
import { BotHarness } from '../support/bot-harness';
import { actionsOf, actionTitled, inputsOf, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { invoke, TESS, type Scope } from '../support/teams-activities';

/**
 * ITFLOW_IDENTITY over real HTTP: `connect` / `disconnect` / `whoami`, a connected technician limited to their
 * ITFlow clients on every surface (search, show, unfurl, compose box, pickers, forged submissions, a card someone
 * else posted), writes sent with the presser's own key (the sandbox's request log names the key's user), a
 * read-only role, a revoked key, and personal-required's "connect first".
 */

const CARL = { id: '29:1carl-contractor', name: 'Carl Contractor', aadObjectId: '0c4a11aa-1111-4111-8111-000000000c41' };
const encryptionKey = randomBytes(32).toString('base64');
const CALLS_TOKEN = randomBytes(24).toString('hex');

interface ComposeBody {
  composeExtension?: { type: string; text?: string; attachments?: { content: CardJson; preview?: { content: { title?: string } } }[] };
}

let h: BotHarness;
let admin: ItflowClient;
let smith: Contact;
let jones: Contact;

async function contactNamed(name: string): Promise<Contact> {
  for (let offset = 0; ; offset += 500) {
    const page = await admin.listContacts({ limit: 500, offset });
    const found = page.find((c) => c.name === name);
    if (found !== undefined) return found;
    if (page.length < 500) throw new Error(`no contact named ${name}`);
  }
}

const as = (user: typeof CARL, scope: Scope = 'personal') => h.opts(scope, { from: user });
async function say(user: typeof CARL, text: string, scope: Scope = 'personal'): Promise<CardJson> {
  const cards = (await h.say(text, scope, { from: user })).flatMap(cardsOf);
  if (cards.length !== 1) throw new Error(`expected one card, got ${cards.length}`);
  return cards[0]!;
}
async function compose(user: typeof CARL, name: string, value: unknown): Promise<ComposeBody> {
  const { status, body } = await h.post(invoke(name, value, as(user, 'channel')));
  expect(status).toBe(200);
  return body === null ? {} : (body as ComposeBody);
}
async function connect(user: typeof CARL, key: string): Promise<CardJson> {
  const form = await say(user, 'connect');
  return h.click(form, 'Connect', { apiKey: key }, { from: user });
}

beforeAll(async () => {
  h = await BotHarness.start({ env: { ITFLOW_IDENTITY: 'personal-preferred', TOKEN_ENCRYPTION_KEY: encryptionKey, CALLS_API_TOKEN: CALLS_TOKEN } });
  admin = new ItflowClient({ baseUrl: h.sandbox.url, apiKey: h.sandbox.adminKey });
  smith = await contactNamed('Sally Smith');
  jones = await contactNamed('Sally Jones');
  expect(smith.clientId).not.toBe(jones.clientId);
});
afterAll(async () => {
  await admin?.close();
  await h?.stop();
});

describe('connect, whoami, disconnect', () => {
  it('connect is offered only in a personal chat; the form has a password input that is never filled in', async () => {
    expect(textOf(await say(CARL, 'connect', 'channel'))).toMatch(/personal chat/);
    const form = await say(CARL, 'connect');
    expect(inputsOf(form).apiKey).toMatchObject({ type: 'Input.Text', style: 'Password' });
    expect(inputsOf(form).apiKey?.value).toBeUndefined();
  });

  it('checks the key with ITFlow, says what it learned, never shows or logs the key; whoami and disconnect', async () => {
    const key = h.sandbox.createUserKey({ name: 'Whoami Wendy', clientIds: [smith.clientId], level: 2 });
    const wendy = { ...CARL, id: '29:1wendy', name: 'Wendy', aadObjectId: '0c4a11aa-2222-4222-8222-000000000e11' };
    expect(textOf(await connect(wendy, 'ThisIsNotAValidKey0000000000000000'))).toMatch(/did not accept that key/);
    const connected = await connect(wendy, key);
    expect(textOf(connected)).toMatch(/Connected to ITFlow as you.*1 client and create and update contacts/s);
    expect(JSON.stringify(connected)).not.toContain(key);
    expect(textOf(await say(wendy, 'whoami'))).toMatch(/as yourself.*1 client, read and write/s);
    expect(textOf(await say(wendy, 'disconnect'))).toMatch(/forgotten.*shared ITFlow key/s);
    expect(textOf(await say(wendy, 'whoami'))).toMatch(/shared ITFlow key/);
    const logs = h.logLines.join('\n');
    expect(logs).toContain('personal key connected');
    expect(logs.toLowerCase()).not.toContain(key.toLowerCase());
  });

  it('a key submitted from a channel (forged) is refused and not stored', async () => {
    const key = h.sandbox.createUserKey({ name: 'Channel Chad', clientIds: [], level: 2 });
    const chad = { ...CARL, id: '29:1chad', name: 'Chad', aadObjectId: '0c4a11aa-3333-4333-8333-000000000c4d' };
    expect(textOf(await h.execute('identity.connect', { apiKey: key }, { scope: 'channel', from: chad }))).toMatch(/personal chat/);
    expect(textOf(await say(chad, 'whoami'))).toMatch(/shared ITFlow key/);
  });
});

describe('a contractor restricted to one client', () => {
  beforeAll(async () => {
    const key = h.sandbox.createUserKey({ name: 'Carl Contractor', clientIds: [smith.clientId], level: 2 });
    expect(textOf(await connect(CARL, key))).toMatch(/Connected/);
  });

  it('never sees the other client by search, show, unfurl or the compose box', async () => {
    const results = await say(CARL, 'find sally');
    expect(textOf(results)).toContain('Sally Smith');
    expect(textOf(results)).not.toContain('Sally Jones');
    expect(textOf(await say(TESS, 'find sally jones'))).toContain('Sally Jones');
    expect(textOf(await say(CARL, `show contact ${jones.id}`))).toMatch(/not found/i);
    const unfurl = await compose(CARL, 'composeExtension/queryLink', { url: `${h.sandbox.url}/agent/contact.php?client_id=${jones.clientId}&contact_id=${jones.id}` });
    expect(JSON.stringify(unfurl)).not.toContain('Sally Jones');
    const found = await compose(CARL, 'composeExtension/query', { commandId: 'findContact', parameters: [{ name: 'query', value: 'sally' }], queryOptions: { skip: 0, count: 25 } });
    const titles = (found.composeExtension?.attachments ?? []).map((a) => a.preview?.content.title ?? '');
    expect(titles.some((t) => t.startsWith('Sally Smith'))).toBe(true);
    expect(titles.some((t) => t.startsWith('Sally Jones'))).toBe(false);
  });

  it('the add form offers only their client; forged edits and creates for the other client change nothing', async () => {
    const form = await say(CARL, 'add contact');
    expect(inputsOf(form).clientId?.choices?.map((c) => Number(c.value))).toEqual([smith.clientId]);
    const before = await admin.getContact(jones.id);
    const edit = await h.execute('contact.edit', { contactId: jones.id }, { from: CARL });
    expect(textOf(edit)).not.toContain(jones.email);
    await h.execute('contact.save', { contactId: jones.id, version: 'forged', title: 'Pwned' }, { from: CARL });
    const created = await h.execute('contact.create', { formId: 'carl-forged-1', clientId: String(jones.clientId), name: 'Forged Person', email: 'forged@globex.example' }, { from: CARL });
    expect(textOf(created)).not.toMatch(/Added to ITFlow/);
    expect(await admin.getContact(jones.id)).toEqual(before);
    expect((await admin.findContactsByEmail('forged@globex.example')).length).toBe(0);
  });

  it("an incoming call from the other client's contact reaches them as an unknown number", async () => {
    const ring = async (number: string, callId: string): Promise<string> => {
      const before = h.connector.calls.length;
      const res = await fetch(`${h.app.server.url}/api/calls/ringing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': CALLS_TOKEN },
        body: JSON.stringify({ number, callId, teamsUserId: CARL.aadObjectId }),
      });
      expect([res.status, await res.json()]).toEqual([202, { delivered: 'sent' }]);
      return h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity)).map(textOf).join('\n');
    };
    expect(jones.phone).not.toBe('');
    const fromJones = await ring(jones.phone, 'carl-call-jones');
    expect(fromJones).toMatch(/unknown number/i);
    expect(fromJones).not.toContain('Sally Jones');
    expect(fromJones).not.toContain(jones.email);
    const fromSmith = await ring(smith.phone, 'carl-call-smith');
    expect(fromSmith).toContain('Sally Smith');
  });

  it("Verify PIN on the other client's contact is refused before any attempt is checked", async () => {
    h.sandbox.store.updateContactRaw(jones.id, { contact_pin: '2468-JN' });
    const opened = await h.execute('contact.verifyPin', { contactId: jones.id }, { from: CARL });
    expect(textOf(opened)).toMatch(/not found/i);
    const before = h.logLines.length;
    for (const pin of ['0000', '2468-JN']) {
      const checked = await h.execute('contact.checkPin', { contactId: jones.id, pin }, { from: CARL });
      expect(textOf(checked)).toMatch(/not found/i);
      expect(textOf(checked)).not.toMatch(/PIN matches|PIN does not match/);
    }
    const audits = h.logLines.slice(before).filter((l) => l.includes('verify PIN'));
    expect(audits.length).toBe(2);
    expect(audits.every((l) => l.includes('"refused"') && !l.includes('2468'))).toBe(true);
  });

  it("pressing Edit on a card another technician posted in a channel is re-checked with the presser's clients", async () => {
    const posted = await say(TESS, `show contact ${jones.id}`, 'channel');
    const editByCarl = await h.click(posted, /^edit/i, {}, { scope: 'channel', from: CARL });
    expect(textOf(editByCarl)).toMatch(/not found/i);
    expect(JSON.stringify(editByCarl)).not.toContain(jones.email);
  });

  it("a save goes to ITFlow with the presser's own key (the sandbox's request log names its user)", async () => {
    const card = await say(CARL, `show contact ${smith.id}`);
    const form = await h.click(card, /^edit/i, {}, { from: CARL });
    h.sandbox.requestLog.clear();
    const saved = await h.click(form, /^save/i, { title: 'Office Manager (Carl)' }, { from: CARL });
    expect(textOf(saved)).toMatch(/Saved by/);
    const writes = h.sandbox.requestLog.entries().filter((e) => e.path.endsWith('/update.php'));
    expect(writes.map((e) => [e.keyName, e.status])).toEqual([['Carl Contractor', 200]]);
    expect((await admin.getContact(smith.id))?.title).toBe('Office Manager (Carl)');
  });
});

describe('roles and refusals', () => {
  it('a read-only role gets no Edit button and a forced save is refused', async () => {
    const rita = { ...CARL, id: '29:1rita', name: 'Rita Reader', aadObjectId: '0c4a11aa-4444-4444-8444-0000000041a0' };
    await connect(rita, h.sandbox.createUserKey({ name: 'Rita Reader', clientIds: [smith.clientId], level: 1 }));
    const card = await say(rita, `show contact ${smith.id}`);
    expect(actionsOf(card).map((a) => a.title)).not.toContainEqual(expect.stringMatching(/^edit/i));
    const before = await admin.getContact(smith.id);
    const refused = await h.execute('contact.save', { contactId: smith.id, version: 'x', title: 'Nope' }, { from: rita });
    expect(textOf(refused)).toMatch(/not allowed|not enabled/i);
    expect(await admin.getContact(smith.id)).toEqual(before);
  });

  it('a revoked key: the next action says "your ITFlow key was refused — connect again", and so does whoami', async () => {
    const rex = { ...CARL, id: '29:1rex', name: 'Rex', aadObjectId: '0c4a11aa-5555-4555-8555-000000000e00' };
    await connect(rex, h.sandbox.createUserKey({ name: 'Rex Revoked', clientIds: [smith.clientId], level: 2 }));
    const card = await say(rex, `show contact ${smith.id}`);
    h.sandbox.revokeKey('Rex Revoked');
    const refused = await h.click(card, /^edit/i, {}, { from: rex });
    expect(textOf(refused)).toMatch(/Your ITFlow key was refused.*Connect again/s);
    expect(textOf(await say(rex, 'find sally'))).toMatch(/Your ITFlow key was refused/);
    expect(textOf(await say(rex, 'whoami'))).toMatch(/Your ITFlow key was refused/);
    expect(actionTitled(await say(rex, 'connect'), 'Connect').type).toBe('Action.Execute');
  });
});

describe('personal-required', () => {
  let required: BotHarness;
  beforeAll(async () => {
    required = await BotHarness.start({ env: { ITFLOW_IDENTITY: 'personal-required', TOKEN_ENCRYPTION_KEY: encryptionKey } });
  });
  afterAll(() => required?.stop());

  it('answers nothing but "connect first" until connected, on messages, card actions and the compose box', async () => {
    const say1 = async (text: string) => cardsOf((await required.say(text, 'personal', { from: CARL }))[0]!)[0]!;
    expect(textOf(await say1('find sally'))).toMatch(/Connect your ITFlow key first/);
    expect(textOf(await required.execute('contact.view', { contactId: smith.id }, { from: CARL }))).toMatch(/Connect your ITFlow key first/);
    const { body } = await required.post(invoke('composeExtension/query', { commandId: 'findContact', parameters: [{ name: 'query', value: 'sally' }] }, required.opts('channel', { from: CARL })));
    const prompt = (body as ComposeBody).composeExtension;
    expect(prompt?.type).toBe('message');
    expect(prompt?.text).toMatch(/Connect your ITFlow key first/);
    const form = await say1('connect');
    const key = required.sandbox.createUserKey({ name: 'Required Carl', clientIds: [], level: 2 });
    expect(textOf(await required.click(form, 'Connect', { apiKey: key }, { from: CARL }))).toMatch(/Connected/);
    expect(textOf(await say1('find sally'))).toContain('Sally Smith');
  });
});
