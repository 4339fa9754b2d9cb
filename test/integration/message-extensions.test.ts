import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/itflow/types';
import { BotHarness } from '../support/bot-harness';
import { actionsOf, actionTitled, formValues, inputsOf, leftoverTemplateExpressions, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { BOT, invoke, message, type Scope } from '../support/teams-activities';

/**
 * The Teams-native surfaces over real HTTP: compose-box search, link unfurling, the add-contact dialog of the
 * message and compose actions, and the install welcome. Invokes are shaped as Teams sends them; ITFlow state is
 * checked in the sandbox.
 */

interface Attachment {
  contentType: string;
  content: CardJson;
  preview?: { contentType: string; content: { title?: string; subtitle?: string; text?: string } };
}
interface ComposeExtensionBody {
  composeExtension?: { type: string; attachmentLayout?: string; attachments?: Attachment[]; text?: string };
  task?: { type: string; value: unknown };
}
interface DialogInfo {
  title: string;
  card: { contentType: string; content: CardJson };
  height: unknown;
  width: unknown;
}

let h: BotHarness;
let itflow: ItflowClient;

beforeAll(async () => {
  h = await BotHarness.start();
  itflow = new ItflowClient({ baseUrl: h.sandbox.url, apiKey: h.sandbox.adminKey });
});
afterAll(async () => {
  await itflow?.close();
  await h?.stop();
});

async function allContacts(): Promise<Contact[]> {
  const all: Contact[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await itflow.listContacts({ limit: 500, offset });
    all.push(...page);
    if (page.length < 500) return all;
  }
}

async function contactNamed(name: string): Promise<Contact> {
  const found = (await allContacts()).find((c) => c.name === name);
  if (found === undefined) throw new Error(`no contact named ${name}`);
  return found;
}

/** The card's text and its button titles: what a person reads. */
function withButtons(card: CardJson): string {
  return [textOf(card), ...actionsOf(card).map((a) => a.title)].join('\n');
}

async function send(name: string, value: unknown, scope: Scope = 'channel'): Promise<ComposeExtensionBody> {
  const { status, body } = await h.post(invoke(name, value, h.opts(scope)));
  expect(status).toBe(200);
  return body === null ? {} : (body as ComposeExtensionBody);
}

function search(query: string | null, queryOptions: Record<string, unknown> = { skip: 0, count: 25 }): Promise<ComposeExtensionBody> {
  const parameters = query === null ? [{ name: 'initialRun', value: 'true' }] : [{ name: 'query', value: query }];
  return send('composeExtension/query', { commandId: 'findContact', parameters, queryOptions });
}

function results(body: ComposeExtensionBody): Attachment[] {
  expect(body.composeExtension?.type).toBe('result');
  expect(body.composeExtension?.attachmentLayout).toBe('list');
  return body.composeExtension?.attachments ?? [];
}

const titles = (attachments: Attachment[]) => attachments.map((a) => (a.preview?.content.title ?? '').replace(/ ★$/, ''));

describe('compose-box search (composeExtension/query)', () => {
  it('lists the important and primary contacts of every client on the initial run, and for an empty query', async () => {
    const contacts = await allContacts();
    const featured = contacts.filter((c) => (c.primary || c.important) && c.archivedAt === null);
    const initial = results(await search(null));
    expect(new Set(titles(initial))).toEqual(new Set(featured.map((c) => c.name)));
    expect(titles(results(await search('')))).toEqual(titles(initial));
  });

  it('answers each hit with the contact card and a preview of name, "title · client" and reach', async () => {
    const sally = await contactNamed('Sally Smith');
    const hits = results(await search('sally smith'));
    expect(titles(hits)).toEqual(['Sally Smith']);
    const hit = hits[0]!;
    expect(hit.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(hit.preview).toMatchObject({
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: { title: 'Sally Smith ★', subtitle: 'Office Manager · Acme Corp' },
    });
    expect(hit.preview?.content.text).toContain(sally.email);
    expect(leftoverTemplateExpressions(hit.content)).toEqual([]);
    const text = textOf(hit.content);
    expect(text).toContain(sally.email);
    expect(text).toMatch(/As of \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(actionsOf(hit.content).map((a) => a.title)).toContain('Edit');
  });

  it('finds by name, by a phone number in another format, by email in any case, and narrows by client', async () => {
    expect(new Set(titles(results(await search('sally'))))).toEqual(new Set(['Sally Smith', 'Sally Jones']));
    const sally = await contactNamed('Sally Smith');
    const d = sally.mobile;
    expect(titles(results(await search(`+1 (${d.slice(-10, -7)}) ${d.slice(-7, -4)}-${d.slice(-4)}`)))).toEqual(['Sally Smith']);
    const jones = await contactNamed('Sally Jones');
    expect(titles(results(await search(jones.email.toUpperCase())))).toEqual(['Sally Jones']);
    expect(titles(results(await search('sally at globex')))).toEqual(['Sally Jones']);
    expect(titles(results(await search(`#${jones.id}`)))).toEqual(['Sally Jones']);
  });

  it('pages with queryOptions.skip and count, without repeats or gaps', async () => {
    const acmeId = (await contactNamed('Sally Smith')).clientId;
    const acme = (await allContacts()).filter((c) => c.clientId === acmeId && c.archivedAt === null);
    expect(acme.length).toBeGreaterThan(5);
    const pages: string[][] = [];
    for (let skip = 0; skip < acme.length + 3; skip += 3) pages.push(titles(results(await search('at acme', { skip, count: 3 }))));
    expect(pages.slice(0, -1).every((p) => p.length <= 3)).toBe(true);
    const seen = pages.flat();
    expect(seen).toHaveLength(acme.length);
    expect(new Set(seen)).toEqual(new Set(acme.map((c) => c.name)));
    expect(pages.at(-1)).toEqual([]);
  });

  it('says so when nothing matches, rather than showing an empty list', async () => {
    const body = await search('zebedee quixotic');
    expect(body.composeExtension?.type).toBe('message');
    expect(body.composeExtension?.text).toMatch(/no itflow contact matches/i);
  });

  it.each([
    ['no value', undefined],
    ['a value that is not an object', 'find sally'],
    ['another command', { commandId: 'somethingElse', parameters: [{ name: 'query', value: 'sally' }] }],
    ['a command id that is not text', { commandId: 42 }],
    ['a query that is not text', { commandId: 'findContact', parameters: [{ name: 'query', value: { $gt: '' } }] }],
  ])('answers %s with an empty result, not an error', async (_what, value) => {
    const body = await send('composeExtension/query', value);
    expect(results(body)).toEqual([]);
  });

  it('takes an unnamed query as this app\'s search, as the Agents Playground sends it', async () => {
    const body = await send('composeExtension/query', { parameters: [{ value: 'sally at globex' }], queryOptions: { skip: 0, count: 25 } });
    expect(titles(results(body))).toEqual(['Sally Jones']);
  });

  it('ignores nonsense paging options instead of failing', async () => {
    const hits = results(await search('sally', { skip: -4, count: 'many' }));
    expect(hits.length).toBe(2);
  });
});

describe('link unfurling (composeExtension/queryLink)', () => {
  const pages = ['client_contact_details.php', 'contact_details.php', 'user/contact_details.php', 'agent/contact_details.php', 'agent/contact.php'];

  it.each(pages)('unfurls /%s into the contact card (Adaptive Card 1.3, no Universal Actions)', async (page) => {
    const jones = await contactNamed('Sally Jones');
    const hits = results(await send('composeExtension/queryLink', { url: `${h.sandbox.url}/${page}?client_id=${jones.clientId}&contact_id=${jones.id}` }));
    expect(hits).toHaveLength(1);
    const card = hits[0]!.content;
    expect(card.version).toBe('1.3');
    expect(textOf(card)).toContain('Sally Jones');
    expect(textOf(card)).toMatch(/As of /);
    expect(actionsOf(card).filter((a) => a.type === 'Action.Execute')).toEqual([]);
    expect(hits[0]!.preview?.content.title).toBe('Sally Jones');
  });

  it.each([
    ['a link to another host', 'https://itflow.elsewhere.example/agent/contact.php?contact_id=1'],
    ['another ITFlow page', '/agent/client.php?client_id=1'],
    ['a contact that does not exist', '/agent/contact.php?contact_id=987654'],
    ['a client id that is not the contact\'s', '/agent/contact.php?client_id=987654&contact_id=1'],
    ['garbage', 'not a link'],
  ])('answers %s with an empty result', async (_what, link) => {
    const url = link.startsWith('/') ? `${h.sandbox.url}${link}` : link;
    expect(results(await send('composeExtension/queryLink', { url }))).toEqual([]);
  });

  it('answers a payload without a url with an empty result', async () => {
    expect(results(await send('composeExtension/queryLink', { link: 'x' }))).toEqual([]);
  });
});

describe('add from a message / new contact (dialogs)', () => {
  const signatureHtml =
    '<p>Hi, please set me up for the portal.</p><p>Thanks,<br>Carla Espinosa<br>Office Manager | Initech<br>' +
    'Phone: (512) 555-0100 ext. 180&nbsp;|&nbsp;Mobile: 512-555-9080<br>' +
    '<a href="mailto:carla.espinosa@initech.example">carla.espinosa@initech.example</a></p>';
  const messagePayload = {
    id: '1700000000123',
    createdDateTime: '2025-06-01T10:00:00.000Z',
    from: { user: { id: 'guest-carla', displayName: 'Carla Espinosa (Guest)', userIdentityType: 'aadUser' } },
    body: { contentType: 'html', content: signatureHtml },
  };

  async function openDialog(commandId: string, extra: Record<string, unknown> = {}): Promise<CardJson> {
    const body = await send('composeExtension/fetchTask', { commandId, commandContext: commandId === 'addFromMessage' ? 'message' : 'compose', context: { theme: 'default' }, ...extra });
    expect(body.task?.type).toBe('continue');
    const info = body.task?.value as DialogInfo;
    expect(info.title).toMatch(/add/i);
    expect(info.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    return info.card.content;
  }

  async function submitDialog(card: CardJson, button: string | RegExp, typed: Record<string, string>, commandId = 'addFromMessage'): Promise<ComposeExtensionBody> {
    const action = actionTitled(card, button);
    expect(action.type).toBe('Action.Submit');
    const data = { ...(action.data ?? {}), ...formValues(card, typed) };
    return send('composeExtension/submitAction', { commandId, commandContext: 'message', context: { theme: 'default' }, data });
  }

  function dialogCard(body: ComposeExtensionBody): CardJson {
    expect(body.task?.type).toBe('continue');
    return (body.task?.value as DialogInfo).card.content;
  }

  it('opens the add form prefilled from the sender and the signature, with the client guessed from the domain', async () => {
    const card = await openDialog('addFromMessage', { messagePayload });
    const inputs = inputsOf(card);
    const initech = (await contactNamed('Bill Lumbergh')).clientId;
    expect({
      name: inputs.name?.value,
      email: inputs.email?.value,
      title: inputs.title?.value,
      phone: inputs.phone?.value,
      extension: inputs.extension?.value,
      mobile: inputs.mobile?.value,
      clientId: inputs.clientId?.value,
    }).toEqual({
      name: 'Carla Espinosa (Guest)',
      email: 'carla.espinosa@initech.example',
      title: 'Office Manager',
      phone: '(512) 555-0100',
      extension: '180',
      mobile: '512-555-9080',
      clientId: String(initech),
    });
    expect(inputs.clientId?.choices?.length).toBeGreaterThanOrEqual(3);
    // Dialogs only send Action.Submit. (The client picker's Action.ResetInputs clears the location in the card
    // itself when the client changes; it sends nothing.)
    expect(actionsOf(card).map((a) => a.type)).toEqual(['Action.ResetInputs', 'Action.Submit']);
    expect(inputs.clientId).toMatchObject({ valueChangedAction: { type: 'Action.ResetInputs', targetInputIds: ['locationId'] } });
  });

  it('opens an empty add form for the compose action', async () => {
    const inputs = inputsOf(await openDialog('newContact'));
    expect([inputs.name?.value, inputs.email?.value, inputs.clientId?.value]).toEqual(['', '', '']);
  });

  it('creates the contact and answers with its card to insert', async () => {
    const card = await openDialog('addFromMessage', { messagePayload });
    const count = h.sandbox.store.countContacts();
    const body = await submitDialog(card, 'Add contact', { name: 'Carla Espinosa' });
    const hits = results(body);
    expect(hits).toHaveLength(1);
    expect(textOf(hits[0]!.content)).toContain('Carla Espinosa');
    expect(textOf(hits[0]!.content)).toMatch(/added to itflow by tess tech/i);
    expect(h.sandbox.store.countContacts()).toBe(count + 1);
    const created = await contactNamed('Carla Espinosa');
    expect(created).toMatchObject({
      email: 'carla.espinosa@initech.example',
      title: 'Office Manager',
      phone: '5125550100',
      extension: '180',
      mobile: '5125559080',
      clientId: (await contactNamed('Bill Lumbergh')).clientId,
    });

    // The same dialog submitted again (a double click) creates nothing more.
    const again = results(await submitDialog(card, 'Add contact', { name: 'Carla Espinosa' }));
    expect(textOf(again[0]!.content)).toContain('Carla Espinosa');
    expect(h.sandbox.store.countContacts()).toBe(count + 1);
  });

  it('shows the form again with the duplicate named, and can insert the existing contact instead', async () => {
    const sally = await contactNamed('Sally Smith');
    const card = await openDialog('newContact');
    const count = h.sandbox.store.countContacts();
    const again = dialogCard(await submitDialog(card, 'Add contact', { clientId: String(sally.clientId), name: 'Other Sally', email: sally.email }, 'newContact'));
    expect(textOf(again)).toMatch(/already has this email/i);
    expect(inputsOf(again).name?.value).toBe('Other Sally');
    expect(h.sandbox.store.countContacts()).toBe(count);

    const existing = results(await submitDialog(again, /existing/i, {}, 'newContact'));
    expect(textOf(existing[0]!.content)).toContain('Sally Smith');
  });

  it('keeps what was typed and says what is missing', async () => {
    const card = await openDialog('newContact');
    const count = h.sandbox.store.countContacts();
    const again = dialogCard(await submitDialog(card, 'Add contact', { name: 'Nameonly Person', title: 'Typed title' }, 'newContact'));
    const text = textOf(again);
    expect(text).toMatch(/email is required/i);
    expect(text).toMatch(/client is required/i);
    expect(inputsOf(again).title?.value).toBe('Typed title');
    expect(h.sandbox.store.countContacts()).toBe(count);
  });

  it.each([
    ['fetchTask', 'composeExtension/fetchTask', { commandId: 'unknownCommand' }],
    ['fetchTask', 'composeExtension/fetchTask', 'garbage'],
    ['submitAction', 'composeExtension/submitAction', { commandId: 'newContact', data: 'not an object' }],
    ['submitAction', 'composeExtension/submitAction', { commandId: 'newContact', data: { verb: 'contact.delete', contactId: 1 } }],
  ])('answers a bad %s payload with a polite message', async (_kind, name, value) => {
    const count = h.sandbox.store.countContacts();
    const body = await send(name, value);
    expect(body.task?.type).toBe('message');
    expect(String(body.task?.value)).toMatch(/did not work/i);
    expect(h.sandbox.store.countContacts()).toBe(count);
  });
});

describe('install experience', () => {
  function installEvent(type: 'installationUpdate' | 'conversationUpdate', conversationId: string, extra: Record<string, unknown>): Record<string, unknown> {
    const rest = Object.fromEntries(Object.entries(invoke('unused', undefined, h.opts('groupChat'))).filter(([key]) => key !== 'name' && key !== 'value'));
    return { ...rest, type, conversation: { id: conversationId, conversationType: 'groupChat', isGroup: true }, ...extra };
  }

  async function repliesTo(activity: Record<string, unknown>): Promise<CardJson[]> {
    const before = h.connector.calls.length;
    const { status } = await h.post(activity);
    expect(status).toBe(200);
    return h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity));
  }

  it('welcomes once when Teams announces the install twice', async () => {
    const first = await repliesTo(installEvent('installationUpdate', '19:install-a@thread.v2', { action: 'add' }));
    expect(first).toHaveLength(1);
    // The examples are buttons (their titles), in the @mention form in a group chat.
    expect(withButtons(first[0]!)).toMatch(/@ITFlow find sally/i);
    expect(await repliesTo(installEvent('conversationUpdate', '19:install-a@thread.v2', { membersAdded: [BOT] }))).toEqual([]);
  });

  it('welcomes when only the bot joining is announced, and not when a person joins', async () => {
    expect(await repliesTo(installEvent('conversationUpdate', '19:install-b@thread.v2', { membersAdded: [BOT] }))).toHaveLength(1);
    expect(await repliesTo(installEvent('conversationUpdate', '19:install-c@thread.v2', { membersAdded: [{ id: '29:someone-else', name: 'Someone' }] }))).toEqual([]);
  });

  it('does not answer a contact card shared in its chat without words', async () => {
    const [card] = results(await search('sally smith'));
    const shared = { ...message('', h.opts('personal')), attachments: [{ contentType: card!.contentType, content: card!.content }] };
    expect(await repliesTo(shared)).toEqual([]);
  });

  it.each(['personal', 'groupChat', 'channel'] as const)('answers "help" in a %s chat', async (scope) => {
    const card = await h.ask('help', scope);
    expect(withButtons(card)).toMatch(scope === 'personal' ? /^find sally at acme$/m : /^@ITFlow find sally at acme$/m);
  });
});

describe('as a user without edit rights', () => {
  let readOnly: BotHarness;

  beforeAll(async () => {
    readOnly = await BotHarness.start({ env: { READ_ONLY: 'true' } });
  });
  afterAll(async () => {
    await readOnly?.stop();
  });

  it('still searches, but inserts cards without Edit and opens no add dialog', async () => {
    const post = async (name: string, value: unknown) => {
      const { status, body } = await readOnly.post(invoke(name, value, readOnly.opts('channel')));
      expect(status).toBe(200);
      return body as ComposeExtensionBody;
    };
    const hits = (await post('composeExtension/query', { commandId: 'findContact', parameters: [{ name: 'query', value: 'sally smith' }] })).composeExtension?.attachments ?? [];
    expect(hits).toHaveLength(1);
    expect(actionsOf(hits[0]!.content).map((a) => a.title)).not.toContain('Edit');

    const dialog = await post('composeExtension/fetchTask', { commandId: 'newContact' });
    expect(dialog.task).toMatchObject({ type: 'message' });
    expect(String(dialog.task?.value)).toMatch(/not enabled for you/i);

    const count = readOnly.sandbox.store.countContacts();
    const submitted = await post('composeExtension/submitAction', {
      commandId: 'newContact',
      data: { verb: 'contact.create', formId: 'forged-form', clientId: '1', name: 'Sneaky Person', email: 'sneaky@acme.example' },
    });
    expect(submitted.task).toMatchObject({ type: 'message' });
    expect(readOnly.sandbox.store.countContacts()).toBe(count);
  });
});
