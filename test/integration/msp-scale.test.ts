import { MAX_ACTIVITY_BYTES, utf16Bytes } from '../../src/bot/activity-size';
import type { Client, Location } from '../../src/itflow/types';
import { ItflowClient } from '../../src/itflow/client';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { BotHarness } from '../support/bot-harness';
import { actionsOf, actionTitled, formValues, inputsOf, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { BOT, invoke, type Scope } from '../support/teams-activities';

/**
 * The bot at an MSP's size: 500 clients, 1,000 locations (one chain with dozens of sites) and 100,000 contacts
 * in the sandbox. Every command, card action, dialog and compose-box answer is driven over HTTP, and every
 * activity the bot sends (on the connector) or answers (invoke bodies) is measured as Teams counts it, UTF-16,
 * against 40 KB. The typeahead search of the add form reaches every client, and every location of a client.
 */

const CLIENTS = 500;
const LOCATIONS = 1000;
const CONTACTS = 100_000;

let sandbox: Sandbox;
let h: BotHarness;
let itflow: ItflowClient;
let clients: Client[];
let locations: Location[];
let chain: Client;
/** Everything the bot sent or answered, with what caused it. */
const measured: Array<{ what: string; bytes: number }> = [];
let what = '';

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
  const demoClients = sandbox.store.countClients();
  const demoLocations = (await new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey }).listLocations()).length;
  sandbox.store.insertSyntheticContacts(CONTACTS - sandbox.store.countContacts(), { clients: CLIENTS - demoClients, locations: LOCATIONS - demoLocations });
  h = await BotHarness.start({ itflow: { sandbox } });
  itflow = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey });
  [clients, locations] = await Promise.all([itflow.listClients(), itflow.listLocations()]);
  chain = clients.reduce((a, b) => (sitesOf(b).length > sitesOf(a).length ? b : a));
  // Every answer over HTTP, and every activity sent to the connector, is measured.
  const post = h.post.bind(h);
  h.post = async (activity) => {
    const before = h.connector.calls.length;
    const answer = await post(activity);
    if (answer.body !== null) measured.push({ what: `${what} (answer)`, bytes: utf16Bytes(answer.body) });
    for (const call of h.connector.calls.slice(before)) measured.push({ what: `${what} (${call.method} to the connector)`, bytes: utf16Bytes(call.activity) });
    return answer;
  };
}, 600_000);

afterAll(async () => {
  await itflow?.close();
  await h?.stop();
  await sandbox?.close();
});

beforeEach(() => {
  what = expect.getState().currentTestName ?? '';
});

const sitesOf = (client: Client) => locations.filter((l) => l.clientId === client.id && l.archivedAt === null);

async function contactAt(client: Client): Promise<{ id: number; email: string }> {
  const hit = (await itflow.listContacts({ limit: 500, offset: 0 })).find((c) => c.clientId === client.id && c.archivedAt === null);
  if (hit === undefined) throw new Error(`no contact at ${client.name}`);
  return hit;
}

interface SearchBody {
  type: string;
  value: { results?: Array<{ title: string; value: string }>; code?: string };
}

async function typeahead(value: unknown, scope: Scope = 'personal'): Promise<{ status: number; body: SearchBody }> {
  const { status, body } = await h.post(invoke('application/search', value, h.opts(scope)));
  return { status, body: body as SearchBody };
}

async function results(value: unknown): Promise<Array<{ title: string; value: string }>> {
  const { status, body } = await typeahead(value);
  expect(status).toBe(200);
  expect(body.type).toBe('application/vnd.microsoft.search.searchResponse');
  return body.value.results ?? [];
}

interface ComposeBody {
  composeExtension?: { type: string; text?: string; attachments?: Array<{ contentType: string; content: CardJson; preview?: { content: { title?: string; subtitle?: string; text?: string; tap?: { type: string; value: unknown } } } }> };
  task?: { type: string; value: { card?: { content: CardJson } } | string };
}

async function compose(name: string, value: unknown): Promise<ComposeBody> {
  const { status, body } = await h.post(invoke(name, value, h.opts('channel')));
  expect(status).toBe(200);
  return body as ComposeBody;
}

describe('what the add form offers', () => {
  it('lists a few clients, says how to reach the others, and offers no location before a client is chosen', async () => {
    const card = await h.ask('add contact');
    const inputs = inputsOf(card);
    expect(inputs.clientId?.choices).toHaveLength(15);
    expect(textOf(card)).toContain(`15 of ${CLIENTS} clients listed`);
    expect(inputs.locationId?.choices).toEqual([{ title: '(none)', value: '0' }]);
    expect(textOf(card)).toMatch(/Choose the client first/);
  });

  it('preselects the client named in "new contact … at <client>", with its first sites and its primary one chosen', async () => {
    const card = await h.ask(`new contact Jane Roe jane.roe@example.com 555-010-7777 at ${chain.name}`);
    const inputs = inputsOf(card);
    expect(inputs.clientId?.value).toBe(String(chain.id));
    expect(inputs.clientId?.choices).toContainEqual({ title: chain.name, value: String(chain.id) });
    const sites = sitesOf(chain);
    expect(inputs.locationId?.choices).toHaveLength(26);
    expect(inputs.locationId?.value).toBe(String(sites.find((l) => l.primary)!.id));
    expect(textOf(card)).toContain(`25 of the client's ${sites.length} locations listed`);
    expect(inputs.name?.value).toBe('Jane Roe');
  });
});

describe('every client and location is reachable', () => {
  it('pages through every client by the client typeahead with nothing typed', async () => {
    const seen: string[] = [];
    for (let skip = 0; ; skip += 15) {
      const page = await results({ dataset: 'itflow.clients', queryText: '', queryOptions: { skip, top: 15 } });
      expect(page.length).toBeLessThanOrEqual(15);
      seen.push(...page.map((r) => r.value));
      if (page.length < 15) break;
    }
    expect(seen.sort()).toEqual(clients.map((c) => String(c.id)).sort());
  });

  it('finds every client first by its full name, and by the start of its name', async () => {
    for (const client of clients) {
      const [first] = await results({ dataset: 'itflow.clients', queryText: client.name, queryOptions: { skip: 0, top: 15 } });
      expect(first).toEqual({ title: client.name, value: String(client.id) });
    }
    const word = chain.name.split(' ')[0]!;
    const sharing = clients.filter((c) => c.name.startsWith(`${word} `));
    expect(sharing.length).toBeGreaterThan(15);
    const page = await results({ dataset: 'itflow.clients', queryText: word.toLowerCase(), queryOptions: { skip: 0, top: 15 } });
    expect(page).toHaveLength(15);
    expect(page.every((r) => r.title.startsWith(`${word} `))).toBe(true);
  });

  it('preselects every client named in "add contact at <client>" (for hosts without the typeahead)', async () => {
    for (const client of clients) {
      const card = await h.ask(`add contact at ${client.name}`);
      expect([client.name, inputsOf(card).clientId?.value]).toEqual([client.name, String(client.id)]);
    }
    // 500 round trips over HTTP: generous on a loaded 2-core machine; speed is the bench's business, not this test's.
  }, 180_000);

  it('lists every live location of the chosen client through the dependent location typeahead, and only those', async () => {
    const seen: string[] = [];
    for (let skip = 0; ; skip += 15) {
      const page = await results({ dataset: 'itflow.locations', queryText: '', queryOptions: { skip, top: 15 }, data: { clientId: String(chain.id), name: 'Jane Roe' } });
      seen.push(...page.map((r) => r.value));
      if (page.length < 15) break;
    }
    expect(seen.sort()).toEqual(sitesOf(chain).map((l) => String(l.id)).sort());
    const far = sitesOf(chain).at(-1)!;
    const typed = await results({ dataset: 'itflow.locations', queryText: far.name, queryOptions: { skip: 0, top: 15 }, data: { clientId: String(chain.id) } });
    expect(typed[0]).toEqual({ title: far.name, value: String(far.id) });
    expect(await results({ dataset: 'itflow.locations', queryText: 'site', queryOptions: { skip: 0, top: 15 }, data: { clientId: '' } })).toEqual([]);
  });

  it('creates a contact at a client and a site found only by typing, and refuses a site of another client saying what to do', async () => {
    const form = await h.ask('add contact');
    const listed = new Set(inputsOf(form).clientId!.choices!.map((c) => c.value));
    const [client] = (await results({ dataset: 'itflow.clients', queryText: chain.name, queryOptions: { skip: 0, top: 15 } })).filter((r) => !listed.has(r.value));
    expect(client?.value).toBe(String(chain.id));
    const far = sitesOf(chain).at(-1)!;
    const elsewhere = locations.find((l) => l.clientId !== chain.id && l.archivedAt === null)!;
    const count = sandbox.store.countContacts();
    const typed = { clientId: client!.value, name: 'Reachable Person', email: 'reachable.person@example.com' };

    const refused = await h.click(form, /^add/i, { ...typed, locationId: String(elsewhere.id) });
    expect(textOf(refused)).toContain(`${elsewhere.name} belongs to ${clients.find((c) => c.id === elsewhere.clientId)!.name}. Choose one of ${chain.name}'s locations, or (none).`);
    expect(inputsOf(refused).locationId?.value).toBe(String(elsewhere.id));
    expect(sandbox.store.countContacts()).toBe(count);

    const created = await h.click(refused, /^add/i, { ...typed, locationId: String(far.id) });
    expect(textOf(created)).toContain('Reachable Person');
    expect(sandbox.store.countContacts()).toBe(count + 1);
    const row = (await itflow.findContactsByEmail('reachable.person@example.com'))[0]!;
    expect([row.clientId, row.locationId]).toEqual([chain.id, far.id]);
  });
});

describe('every activity fits Teams (≤ 40 KB as UTF-16)', () => {
  const fits = () => {
    const mine = measured.filter((m) => m.what.startsWith(what));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((m) => m.bytes > MAX_ACTIVITY_BYTES)).toEqual([]);
  };

  it('commands: find with many results, show, edit, add, new contact at a client, help, no match, anything else', async () => {
    for (const scope of ['personal', 'channel'] as const) {
      const found = await h.say('find smith', scope);
      expect(textOf(cardsOf(found[0]!)[0]!)).toMatch(/8 of [\d,]+/);
      await h.say('smith', scope);
      await h.say(`find smith at ${chain.name}`, scope);
      await h.say('find smith including archived', scope);
      const someone = await contactAt(chain);
      expect(textOf(await h.ask(`show contact ${someone.id}`, scope))).toContain(someone.email);
      await h.say(`#${someone.id}`, scope);
      expect(inputsOf(await h.ask(`edit ${someone.id}`, scope)).email?.value).toBe(someone.email);
      await h.say('edit smith', scope);
      await h.say('add contact', scope);
      await h.say(`new contact Jane Roe jane.roe@example.com at ${chain.name}`, scope);
      await h.say('help', scope);
      await h.say('find zebedee quixotic', scope);
      await h.say('what is the weather', scope);
    }
    fits();
  });

  it('welcome on install', async () => {
    const base = invoke('unused', undefined, h.opts('groupChat'));
    const install = { ...base, type: 'installationUpdate', action: 'add', name: undefined, value: undefined, conversation: { id: '19:scale-install@thread.v2', conversationType: 'groupChat', isGroup: true } };
    await h.post(install);
    await h.post({ ...install, type: 'conversationUpdate', action: undefined, membersAdded: [BOT], conversation: { id: '19:scale-install-2@thread.v2', conversationType: 'groupChat', isGroup: true } });
    // The examples are buttons now (their titles); in a group chat they carry the @mention.
    const withButtons = (c: CardJson) => [textOf(c), ...actionsOf(c).map((a) => a.title)].join('\n');
    expect(h.connector.sentCards().slice(-2).map(withButtons)).toEqual([expect.stringMatching(/@ITFlow find sally/i), expect.stringMatching(/@ITFlow find sally/i)]);
    fits();
  });

  it('card actions: open a result, edit, save, no changes, conflict, apply anyway, cancel, help, add, duplicate, and the same through Action.Submit', async () => {
    const results = await h.ask(`find smith at ${chain.name}`);
    const opened = await h.click(results, 'View contact');
    const form = await h.click(opened, 'Edit');
    expect(inputsOf(form).locationId?.choices!.length).toBeLessThanOrEqual(27);
    const id = Number(actionTitled(form, 'Save').data?.contactId);
    const saved = await h.click(form, 'Save', { title: 'Scale Tester' }, { replyToId: 'card-1' });
    expect(textOf(saved)).toContain('Scale Tester');
    expect(h.connector.updates().length).toBeGreaterThan(0);
    await h.click(await h.click(saved, 'Edit'), 'Save');
    const again = await h.click(saved, 'Edit');
    sandbox.store.updateContactRaw(id, { contact_department: 'Changed in ITFlow' });
    const conflict = await h.click(again, 'Save', { title: 'Mine' });
    expect(textOf(conflict)).toContain('Changed in ITFlow');
    await h.click(conflict, /anyway/i);
    await h.click(await h.click(saved, 'Edit'), 'Cancel');
    await h.execute('help', {});
    const add = await h.ask(`new contact Scale Person scale.person@example.com at ${chain.name}`);
    await h.click(add, /^add/i);
    const existing = await contactAt(chain);
    const duplicate = await h.click(await h.ask(`add contact at ${chain.name}`), /^add/i, { name: 'Dupe Person', email: existing.email });
    expect(textOf(duplicate)).toMatch(/already has this email/);
    await h.submitClick(results, 'View contact');
    await h.submitClick(await h.ask(`add contact at ${chain.name}`), /^add/i, { name: 'Submit Person', email: 'submit.person@example.com' });
    fits();
  });

  it('compose box: a search with many results and its next page, the initial list, a picked result, a link', async () => {
    const first = await compose('composeExtension/query', { commandId: 'findContact', parameters: [{ name: 'query', value: 'smith' }], queryOptions: { skip: 0, count: 25 } });
    const hits = first.composeExtension?.attachments ?? [];
    expect(hits).toHaveLength(25);
    // While they fit, results carry the contact card; the rest a summary, the card coming when one is picked.
    const full = hits.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
    expect(full.length).toBeGreaterThan(0);
    expect(full.length).toBeLessThan(25);
    expect(hits.every((a) => a.preview?.content.tap?.type === 'invoke')).toBe(true);
    // With names of ordinary length, every entry keeps its "title · client" and reach lines.
    expect(hits.every((a) => (a.preview?.content.subtitle ?? '') !== '' && (a.preview?.content.text ?? '') !== '')).toBe(true);
    const second = await compose('composeExtension/query', { commandId: 'findContact', parameters: [{ name: 'query', value: 'smith' }], queryOptions: { skip: 25, count: 25 } });
    expect(second.composeExtension?.attachments).toHaveLength(25);
    const initial = await compose('composeExtension/query', { commandId: 'findContact', parameters: [{ name: 'initialRun', value: 'true' }], queryOptions: { skip: 0, count: 25 } });
    expect(initial.composeExtension?.attachments).toHaveLength(25);

    const summary = hits.at(-1)!;
    const picked = await compose('composeExtension/selectItem', summary.preview!.content.tap!.value);
    const [card] = picked.composeExtension?.attachments ?? [];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf(card!.content)).toContain(summary.preview!.content.title!.replace(/ ★$/, ''));
    expect(actionsOf(card!.content).map((a) => a.title)).toContain('Edit');

    const someone = await contactAt(chain);
    const link = await compose('composeExtension/queryLink', { url: `${sandbox.url}/agent/contact.php?client_id=${chain.id}&contact_id=${someone.id}` });
    expect(textOf(link.composeExtension!.attachments![0]!.content)).toContain(someone.email);
    fits();
  });

  it('dialogs: new contact and add from a message, opened and submitted', async () => {
    const opened = await compose('composeExtension/fetchTask', { commandId: 'newContact', commandContext: 'compose' });
    const dialog = (opened.task?.value as { card: { content: CardJson } }).card.content;
    expect(inputsOf(dialog).clientId?.choices).toHaveLength(15);
    const fromMessage = await compose('composeExtension/fetchTask', {
      commandId: 'addFromMessage',
      commandContext: 'message',
      messagePayload: { from: { user: { displayName: 'Mo Message' } }, body: { contentType: 'text', content: 'Thanks,\nMo Message\nmo.message@example.com' } },
    });
    expect(fromMessage.task?.type).toBe('continue');
    const submitted = await compose('composeExtension/submitAction', {
      commandId: 'newContact',
      data: { ...actionTitled(dialog, /^add/i).data, ...formValues(dialog, { clientId: String(chain.id), name: 'Dialog Person', email: 'dialog.person@example.com' }) },
    });
    expect(textOf(submitted.composeExtension!.attachments![0]!.content)).toContain('Dialog Person');
    fits();
  });

  it('the typeahead answers themselves', async () => {
    await results({ dataset: 'itflow.clients', queryText: 'a', queryOptions: { skip: 0, top: 50 } });
    await results({ dataset: `itflow.locations:${chain.id}`, queryText: '', queryOptions: { skip: 0, top: 50 } });
    fits();
  });

  it('and nothing the bot sent in this file was larger', () => {
    expect(measured.length).toBeGreaterThan(1000);
    const largest = measured.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    expect(largest.bytes).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
  });
});

describe('hostile or malformed typeahead searches', () => {
  it.each([
    ['no value', undefined],
    ['a value that is not an object', 'itflow.clients'],
    ['no dataset', { queryText: 'acme' }],
    ['an unknown dataset', { dataset: 'graph.microsoft.com/users', queryText: 'a' }],
    ['a forged fixed-client dataset', { dataset: 'itflow.locations:1;drop', queryText: '' }],
    ['a dataset that is not text', { dataset: { $ne: null } }],
  ])('answers %s with a 400 search error, and keeps answering', async (_what, value) => {
    const { status, body } = await typeahead(value);
    expect(status).toBe(400);
    expect(body.type).toBe('application/vnd.microsoft.error');
    expect(body.value.code).toBe('BadRequest');
    expect((await results({ dataset: 'itflow.clients', queryText: chain.name })).length).toBeGreaterThan(0);
  });

  it.each([
    ['paging options that are not numbers', { dataset: 'itflow.clients', queryText: '', queryOptions: { skip: 'x', top: -3 } }, 15],
    ['a huge page', { dataset: 'itflow.clients', queryText: '', queryOptions: { skip: 0, top: 1e9 } }, 50],
    ['a skip past the end', { dataset: 'itflow.clients', queryText: '', queryOptions: { skip: 1e12, top: 15 } }, 0],
    ['query text that is not text', { dataset: 'itflow.clients', queryText: { length: 1 } }, 15],
    ['query text far longer than any name', { dataset: 'itflow.clients', queryText: 'x'.repeat(100_000) }, 0],
    ['associated inputs that are not an object', { dataset: 'itflow.locations', queryText: '', data: 'clientId=1' }, 0],
    ['a client id that is not a number', { dataset: 'itflow.locations', queryText: '', data: { clientId: '1 OR 1=1' } }, 0],
    ['a client that does not exist', { dataset: 'itflow.locations', queryText: '', data: { clientId: '99999999' } }, 0],
  ])('answers %s with a well-formed page', async (_what, value, count) => {
    expect(await results(value)).toHaveLength(count);
  });
});
