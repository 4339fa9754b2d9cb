import type * as AdaptiveCards from 'adaptivecards';
import { makeCardContext } from '../../src/bot/card-context';
import { answerContactSearch, searchRequestFor, type SearchRequest } from '../../src/bot/message-extensions';
import type { TurnScope } from '../../src/bot/turn-scope';
import { cards, LINK_PREVIEW_CARD_VERSION, type AdaptiveCardJson } from '../../src/cards/views';
import { ContactService } from '../../src/contacts/contact-service';
import { ContactDirectory } from '../../src/contacts/directory';
import type { Client, Contact, ContactWrite, ItflowApi, Location } from '../../src/itflow/types';
import { silentLogger } from '../../src/logger';
import { makeContact } from '../support/contacts';
import { oneInstanceWrites } from '../support/shared-writes';

// The package's main entry is untranspiled ESM; its UMD bundle is what runs under jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

function contact(id: number, fields: Partial<Contact>): Contact {
  return makeContact(id, `Person ${id}`, { email: `person${id}@acme.example`, ...fields });
}

const sally = contact(8, { name: 'Sally Smith', title: 'Office Manager', email: 'sally@acme.example', phone: '5550102000', primary: true, important: true });

/** An ITFlow whose contact pages do not arrive until released: the directory stays "loading" meanwhile. */
class SlowItflow implements ItflowApi {
  readonly exactLookups: string[] = [];
  private release: (() => void) | null = null;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  finishLoading(): void {
    this.release?.();
  }

  async listContacts(): Promise<Contact[]> {
    await this.released;
    return [];
  }
  listClients(): Promise<Client[]> {
    return Promise.resolve([{ id: 1, name: 'Acme Corp' }]);
  }
  listLocations(): Promise<Location[]> {
    return Promise.resolve([]);
  }
  getContact(id: number): Promise<Contact | null> {
    return Promise.resolve(id === sally.id ? sally : null);
  }
  findContactsByEmail(email: string): Promise<Contact[]> {
    this.exactLookups.push(email);
    return Promise.resolve(email.toLowerCase() === sally.email ? [sally] : []);
  }
  findContactByPhone(digits: string): Promise<Contact | null> {
    this.exactLookups.push(digits);
    return Promise.resolve(sally.phone.endsWith(digits) ? sally : null);
  }
  createContact(_clientId: number, _fields: ContactWrite): Promise<number> {
    return Promise.reject(new Error('not in this test'));
  }
  updateContact(): Promise<void> {
    return Promise.reject(new Error('not in this test'));
  }
}

describe('searchRequestFor', () => {
  it.each<[string, SearchRequest]>([
    ['', { kind: 'featured' }],
    ['   ', { kind: 'featured' }],
    ['sally', { kind: 'find', query: { kind: 'text', text: 'sally' }, includeArchived: false }],
    ['sally at acme', { kind: 'find', query: { kind: 'text', text: 'sally' }, client: 'acme', includeArchived: false }],
    ['find sally in the client globex', { kind: 'find', query: { kind: 'text', text: 'sally' }, client: 'globex', includeArchived: false }],
    ['at acme', { kind: 'find', query: { kind: 'text', text: '' }, client: 'acme', includeArchived: false }],
    ['sally including archived', { kind: 'find', query: { kind: 'text', text: 'sally' }, includeArchived: true }],
    ['Sally@Acme.example', { kind: 'find', query: { kind: 'email', email: 'Sally@Acme.example' }, includeArchived: false }],
    ['+1 (555) 010-2000', { kind: 'find', query: { kind: 'phone', digits: '15550102000' }, includeArchived: false }],
    ['#42', { kind: 'contact', contactId: 42 }],
    ['show contact 42', { kind: 'contact', contactId: 42 }],
    ['what is the weather', { kind: 'find', query: { kind: 'text', text: 'what is the weather' }, includeArchived: false }],
  ])('reads %j', (text, expected) => {
    expect(searchRequestFor(text)).toEqual(expected);
  });
});

describe('searching while the directory is still loading', () => {
  let itflow: SlowItflow;
  let directory: ContactDirectory;
  let scope: TurnScope;

  beforeEach(async () => {
    itflow = new SlowItflow();
    directory = new ContactDirectory(itflow, { refreshSeconds: 3600, logger: silentLogger });
    directory.start();
    // Clients and locations arrive; contact pages are held back.
    await new Promise((resolve) => setImmediate(resolve));
    const service = new ContactService(itflow, directory, oneInstanceWrites());
    scope = {
      user: { id: '29:tess', name: 'Tess Tech', aadObjectId: null, upn: null, tenantId: null },
      canEdit: true,
      cards: makeCardContext(service, () => null, true),
      service,
      logger: silentLogger,
      newFormId: () => 'form-1',
    };
  });

  afterEach(async () => {
    itflow.finishLoading();
    await directory.stop();
  });

  const query = (text: string) => ({ commandId: 'findContact', parameters: [{ name: 'query', value: text }], queryOptions: { skip: 0, count: 10 } });

  it.each([
    ['an exact email', 'SALLY@acme.example'],
    ['a phone number', '(555) 010-2000'],
  ])('looks %s up in ITFlow and says the name index is warming up', async (_what, text) => {
    expect(directory.status().state).toBe('loading');
    const body = await answerContactSearch(query(text), scope);
    const attachments = body.composeExtension?.attachments ?? [];
    expect(attachments.map((a) => (a.preview?.content as { title: string }).title)).toEqual(['Still loading contacts…', 'Sally Smith ★']);
    expect(itflow.exactLookups).toHaveLength(1);
  });

  it('answers a name with a message, not an empty list, until the names are loaded', async () => {
    const body = await answerContactSearch(query('sally'), scope);
    expect(body.composeExtension).toMatchObject({ type: 'message' });
    expect(body.composeExtension?.text).toMatch(/still loading/i);
    expect(itflow.exactLookups).toEqual([]);
  });

  it('says so on the initial run as well', async () => {
    const body = await answerContactSearch({ commandId: 'findContact', parameters: [{ name: 'initialRun', value: 'true' }] }, scope);
    expect(body.composeExtension?.text).toMatch(/still loading/i);
  });
});

/** Parse and validate with the official renderer's object model, for a given Adaptive Card version. */
function problemsAt(card: AdaptiveCardJson, version: AdaptiveCards.Version): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(version);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

describe('cards for Teams surfaces', () => {
  const ctx = {
    clientName: () => 'Acme Corp',
    locationName: () => 'Acme HQ',
    clients: () => [{ id: 1, name: 'Acme Corp' }],
    locationsForClient: () => [],
    contactLink: () => 'https://itflow.msp.example/agent/contact.php?client_id=1&contact_id=8',
    canEdit: true,
    conversation: 'personal' as const,
    botName: 'ITFlow',
  };
  const full = contact(8, { ...sally, mobile: '5559010101', notes: 'Prefers email.', locationId: 3, billing: true, authMethod: 'local' });

  it('unfurls links with a card that is valid Adaptive Card 1.3 (what Teams renders there)', () => {
    const card = cards.contactPreview(full, ctx, { asOf: '2025-06-01 14:03 UTC' });
    expect(card.version).toBe(LINK_PREVIEW_CARD_VERSION);
    expect(problemsAt(card, AC.Versions.v1_3)).toEqual([]);
    // The chat card needs 1.4+ for its Edit button, which is why the preview leaves it out.
    expect(problemsAt(cards.contact(full, ctx), AC.Versions.v1_3)).not.toEqual([]);
  });

  it('shows "As of" only when asked', () => {
    const texts = (card: AdaptiveCardJson) => JSON.stringify(card).match(/As of [^"]*/g) ?? [];
    expect(texts(cards.contact(full, ctx, { asOf: '2025-06-01 14:03 UTC' }))).toEqual(['As of 2025-06-01 14:03 UTC']);
    expect(texts(cards.contact(full, ctx))).toEqual([]);
  });

  it('builds the add form for dialogs with Action.Submit buttons carrying the same data', () => {
    const existing = contact(9, { name: 'Sally Jones' });
    const actionsOf = (card: AdaptiveCardJson) => (card.actions ?? []) as Array<{ type: string; title: string; data: Record<string, unknown> }>;
    const inChat = actionsOf(cards.addForm(ctx, { formId: 'f-1', existing }));
    const inDialog = actionsOf(cards.addForm(ctx, { formId: 'f-1', existing, submitStyle: 'submit' }));
    expect(inChat.map((a) => a.type)).toEqual(['Action.Execute', 'Action.Execute', 'Action.Execute']);
    // The chat form's Cancel has no dialog twin: Teams gives a dialog its own close button.
    expect(inChat.map((a) => a.title)[2]).toBe('Cancel');
    expect(inDialog.map((a) => a.type)).toEqual(['Action.Submit', 'Action.Submit']);
    expect(inDialog.map((a) => a.data)).toEqual(inChat.slice(0, 2).map((a) => a.data));
    // Teams reads its typeahead (choices.data) in 1.5 cards (its dependent-inputs example is a 1.5 card); this
    // renderer files the property under 1.6. Nothing else may be reported.
    const typeahead = 'Property "choices.data" is supported in version 1.6, but you are using version 1.5.';
    const problems = problemsAt(cards.addForm(ctx, { formId: 'f-1', existing, submitStyle: 'submit' }), AC.Versions.v1_5);
    expect(problems.filter((p) => p !== typeahead)).toEqual([]);
    expect(problems).toHaveLength(2);
  });
});
