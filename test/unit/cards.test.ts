import { fixedCardContext, sampleContactLink } from '../../src/cards/fixed-context';
import type * as AdaptiveCards from 'adaptivecards';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cards, type AdaptiveCardJson, type CardContext } from '../../src/cards/views';
import { VERBS } from '../../src/cards/verbs';
import { itflowContactSchema, type Client, type Location } from '../../src/itflow/types';
import type { Contact } from '../../src/contacts/contact';
import { contactFormFields, EDIT_INPUT_NAMES } from '../../src/contacts/contact-form';

// The package's main entry is untranspiled ESM; its UMD bundle is what runs under jest (and in a browser).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

// ---------------------------------------------------------------- fixtures (names from the recorded servers)

const clients: Client[] = [
  { id: 2, name: 'Globex' },
  { id: 1, name: 'Acme Corp' },
];
const locations: Location[] = [
  { id: 11, clientId: 1, name: 'Acme HQ', archivedAt: null },
  { id: 12, clientId: 1, name: 'Acme Warehouse', archivedAt: null },
  { id: 13, clientId: 1, name: 'Old Acme Annex', archivedAt: '2024-05-01 10:00:00' },
  { id: 21, clientId: 2, name: 'Globex Campus', archivedAt: null },
  { id: 22, clientId: 2, name: 'Globex R&D Lab', archivedAt: null },
];

function contact(overrides: Partial<Contact>): Contact {
  return itflowContactSchema.parse({
    id: 48213,
    clientId: 1,
    name: 'Sally Smith',
    title: 'Office Manager',
    department: 'Administration',
    email: 'sally@acme.example',
    phone: '5552020100',
    extension: '214',
    mobile: '5559010111',
    phoneCountryCode: null,
    mobileCountryCode: null,
    notes: 'Prefers email before 10am.',
    primary: true,
    important: true,
    billing: false,
    technical: true,
    locationId: 11,
    authMethod: null,
    createdAt: '2025-01-10 09:00:00',
    updatedAt: '2025-03-02 14:30:00',
    archivedAt: null,
    ...overrides,
  });
}

const sally = contact({});
const legacy = contact({
  id: 51877,
  name: 'Frank Grimes',
  title: 'Technician',
  department: '',
  email: 'frank@globex.example',
  clientId: 2,
  locationId: 21,
  phone: '',
  extension: '',
  mobile: '15559010122',
  primary: false,
  important: false,
  technical: false,
  authMethod: 'local',
  updatedAt: null,
});
const archived = contact({
  id: 60314,
  name: 'Hank Scorpio',
  email: 'hank@globex.example',
  clientId: 2,
  locationId: 0,
  important: false,
  primary: false,
  billing: false,
  technical: false,
  archivedAt: '2025-02-14 08:15:00',
});
/** Every kind of text a user could type into ITFlow that a card must show literally. */
const tricky = contact({
  id: 70455,
  name: "Marcus O'Brien **VIP** [click](http://evil.example/name)",
  title: 'Directeur général <b>Ops</b>',
  department: 'R&D _lab_ `code` # heading',
  email: 'marcus.o’brien@acme.example',
  notes: 'Call ${x} first\n- not a list\n> not a quote\n[phish](http://evil.example/notes) 😀 José Álvarez',
  important: true,
});
const secretBearing = {
  ...contact({ id: 80211, name: 'Linda Nguyen' }),
  contact_pin: '4321',
  pin: '9876',
  contact_photo: 'uploads/clients/1/contact_photo_80211.jpg',
  contact_password_hash: '$2y$10$abcdefghijklmnopqrstuv',
} as Contact;

const VERSION = 'v1:2025-03-02 14:30:00:9f2c1e';

function makeCtx(canEdit: boolean, link: (c: Contact) => string | null = sampleContactLink): CardContext {
  return fixedCardContext(clients, locations, { canEdit, contactLink: link });
}
const editor = makeCtx(true);
const viewer = makeCtx(false);

// ---------------------------------------------------------------- card inspection

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface Visit {
  path: string;
  key: string;
  value: Json;
  parent: JsonObject | Json[];
}

function* walk(node: Json, path = '$'): Generator<Visit> {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) {
      yield { path: `${path}[${i}]`, key: String(i), value: v, parent: node };
      yield* walk(v, `${path}[${i}]`);
    }
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      yield { path: `${path}.${k}`, key: k, value: v, parent: node };
      yield* walk(v, `${path}.${k}`);
    }
  }
}

/** A JSON value as text, for messages and comparisons. */
function str(value: Json | undefined): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

function asJson(card: AdaptiveCardJson): Json {
  return JSON.parse(JSON.stringify(card)) as Json;
}

function objects(card: AdaptiveCardJson): JsonObject[] {
  const out: JsonObject[] = [];
  for (const v of walk(asJson(card))) {
    if (v.value !== null && typeof v.value === 'object' && !Array.isArray(v.value)) out.push(v.value);
  }
  return out;
}

const ofType = (card: AdaptiveCardJson, prefix: string) =>
  objects(card).filter((o) => typeof o.type === 'string' && o.type.startsWith(prefix));
const actions = (card: AdaptiveCardJson) => ofType(card, 'Action.');
const inputs = (card: AdaptiveCardJson) => ofType(card, 'Input.');
const verbsOf = (card: AdaptiveCardJson) => actions(card).map((a) => a.verb);
const topActions = (card: AdaptiveCardJson) => (card.actions ?? []) as JsonObject[];
const byTitle = (card: AdaptiveCardJson, title: string) => actions(card).find((a) => a.title === title);

/** Text a person sees, as opposed to ids and tokens travelling in action data. */
function visibleStrings(card: AdaptiveCardJson): string[] {
  const out: string[] = [];
  for (const v of walk(asJson(card))) {
    if (v.path.includes('.data') || v.path.includes('.url') || typeof v.value !== 'string') continue;
    if (['text', 'title', 'label', 'placeholder', 'value', 'errorMessage'].includes(v.key)) out.push(v.value);
  }
  return out;
}

function visibleText(card: AdaptiveCardJson): string {
  return visibleStrings(card).join('\n');
}

/** Parses with the official renderer's object model; returns every parse and validation complaint. */
function officialProblems(card: AdaptiveCardJson): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  return problems;
}

/** The structural rules every card follows, whichever view it is. */
function structuralProblems(card: AdaptiveCardJson): string[] {
  const problems: string[] = [];
  const verbs: string[] = Object.values(VERBS);
  for (const a of actions(card)) {
    // The one Submit in chat cards: a tappable example command, sent as if typed (a Teams messageBack, no verb).
    const typed = (a.data as { msteams?: { type?: unknown; text?: unknown } } | undefined)?.msteams;
    const isTypedCommand = typed?.type === 'messageBack' && typeof typed.text === 'string' && typed.text !== '';
    if (a.type === 'Action.Submit' && !isTypedCommand) problems.push('Action.Submit used; cards use Action.Execute');
    if (a.type !== 'Action.Execute') continue;
    const data = a.data as JsonObject | undefined;
    if (typeof a.verb !== 'string' || !verbs.includes(a.verb)) problems.push(`unknown verb ${str(a.verb)}`);
    if (data === undefined || data.verb !== a.verb) problems.push(`${str(a.verb)}: data.verb differs`);
    if (a.associatedInputs !== 'auto' && a.associatedInputs !== 'none') problems.push(`${str(a.verb)}: no associatedInputs`);
  }
  const ids = inputs(card).map((i) => i.id);
  if (new Set(ids).size !== ids.length) problems.push(`duplicate input ids ${ids.map(str).join(',')}`);
  for (const input of inputs(card)) {
    const name = str(input.id);
    if (!([...EDIT_INPUT_NAMES, 'clientId'] as string[]).includes(name)) problems.push(`unexpected input ${name}`);
    const labelled = input.type === 'Input.Toggle' ? typeof input.title === 'string' : typeof input.label === 'string';
    if (!labelled) problems.push(`input ${name} has no label`);
    if (input.isRequired === true && typeof input.errorMessage !== 'string') problems.push(`${name}: no errorMessage`);
    if (input.type === 'Input.Toggle' && (input.valueOn !== 'true' || input.valueOff !== 'false')) {
      problems.push(`${name}: toggle values`);
    }
  }
  for (const o of objects(card)) {
    if (o.type === 'FactSet') problems.push('FactSet values render markdown; not for user text');
    if (o.type === 'Action.OpenUrl' && (typeof o.url !== 'string' || o.url === '')) problems.push('OpenUrl without url');
  }
  return problems;
}

// ---------------------------------------------------------------- every card, every way it can be built

const differences = [
  { field: 'title', label: 'Title', theirs: 'Office Manager', yours: 'Operations Lead' },
  { field: 'mobile', label: 'Mobile', theirs: '', yours: '(555) 901-0199' },
];

function allCards(ctx: CardContext, c: Contact): Array<[string, AdaptiveCardJson]> {
  return [
    ['results', cards.results({ query: 'sally' }, [c, sally, legacy, archived], ctx, { total: 23, note: 'Still loading the directory: 1,200 contacts so far' })],
    ['contact', cards.contact(c, ctx, { banner: { tone: 'good', text: `Saved ${c.name}.` } })],
    ['editForm', cards.editForm(c, ctx, { version: VERSION, errors: { email: 'Email is required' }, banner: { tone: 'attention', text: 'Fix the fields marked below.' } })],
    ['addForm', cards.addForm(ctx, { formId: 'f-1b2c', values: { name: c.name, email: c.email }, existing: c })],
    ['addForm (client chosen)', cards.addForm(ctx, { formId: 'f-3d4e', clientId: c.clientId })],
    ['message', cards.message({ tone: 'warning', title: 'ITFlow is slow', text: c.notes, actions: [{ title: 'Try again', verb: VERBS.view, data: { contactId: c.id } }] })],
    ['conflict', cards.conflict(c, ctx, { version: VERSION, values: { name: c.name, title: 'Operations Lead' }, differences })],
    ['noMatch', cards.noMatch(c.name, ctx, { prefill: { name: c.name, email: c.email, clientId: String(c.clientId) } })],
    ['help', cards.help(ctx)],
    ['welcome', cards.welcome(ctx)],
  ];
}

const everyCard = [sally, legacy, archived, tricky, secretBearing].flatMap((c) =>
  [editor, viewer].flatMap((ctx) =>
    allCards(ctx, c).map(([name, card]) => [`${name} / ${c.name} / canEdit=${ctx.canEdit}`, card, c, ctx] as const),
  ),
);

describe('every card', () => {
  it.each(everyCard)('%s parses and validates with the official adaptivecards package', (_name, card) => {
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(officialProblems(card)).toEqual([]);
  });

  it.each(everyCard)('%s follows the structural rules', (_name, card) => {
    expect(structuralProblems(card)).toEqual([]);
  });

  it.each(everyCard)('%s has no template expression left but the user\'s own text', (_name, card, c) => {
    const text = JSON.stringify(card).replaceAll(JSON.stringify(c.notes).slice(1, -1), '');
    expect(text).not.toContain('${');
  });

  it.each(everyCard)('%s shows no PIN, photo or password value', (_name, card) => {
    const text = JSON.stringify(card);
    for (const secret of ['4321', '9876', 'contact_photo', 'uploads/', '$2y$', 'contact_pin', 'password_hash']) {
      expect(text).not.toContain(secret);
    }
  });

  it.each(everyCard)('%s keeps ids and the version token out of visible text', (_name, card, c) => {
    const text = visibleText(card);
    expect(text).not.toContain(String(c.id));
    expect(text).not.toContain(VERSION);
  });

  // The forms and the conflict card only exist for editors; the bot never builds them for anyone else.
  const forReaders = everyCard.filter(([name, , , ctx]) => !ctx.canEdit && !/^(editForm|addForm|conflict)/.test(name));
  it.each(forReaders)('%s offers no Edit or Add without edit rights', (_name, card) => {
    const verbs = verbsOf(card);
    expect(verbs).not.toContain(VERBS.edit);
    expect(verbs).not.toContain(VERBS.add);
  });
});

describe('user text cannot inject formatting or links', () => {
  const markers = ['**VIP**', 'evil.example', '<b>Ops</b>', '_lab_', '${x}'];
  const trickyCards = allCards(editor, tricky);

  it.each(trickyCards)('%s carries user text only in TextRuns, inputs, choices and action data', (_name, card) => {
    const places = new Set<string>();
    for (const v of walk(asJson(card))) {
      if (typeof v.value !== 'string' || !markers.some((m) => (v.value as string).includes(m))) continue;
      const parent = v.parent as JsonObject;
      const where = v.path.includes('.data.')
        ? 'action data'
        : parent.type === 'TextRun' && v.key === 'text'
          ? 'TextRun'
          : str(parent.type).startsWith('Input.') && v.key === 'value'
            ? 'input value'
            : parent.type === undefined && v.key === 'title' && v.path.includes('.choices[')
              ? 'choice'
              : `${str(parent.type)}.${v.key} at ${v.path}`;
      places.add(where);
    }
    expect([...places].filter((p) => !['action data', 'TextRun', 'input value', 'choice'].includes(p))).toEqual([]);
  });

  it('shows the markdown-ish text verbatim, not altered or escaped', () => {
    const text = visibleText(cards.contact(tricky, editor));
    expect(text).toContain(tricky.name);
    expect(text).toContain(tricky.title);
    expect(text).toContain(tricky.notes);
  });

  it('gives no Email button for an address that is not a plain mailbox', () => {
    const odd = contact({ email: 'a@b.example?cc=everyone@corp.example' });
    expect(byTitle(cards.contact(odd, editor), 'Email')).toBeUndefined();
  });

  it('makes no Open in ITFlow button from a non-web link', () => {
    const ctx = makeCtx(true, () => 'javascript:alert(1)');
    expect(byTitle(cards.contact(sally, ctx), 'Open in ITFlow')).toBeUndefined();
  });
});

describe('cards.results', () => {
  const many = Array.from({ length: 12 }, (_, i) => contact({ id: 1000 + i, name: `Sally ${String.fromCharCode(65 + i)}`, important: i === 0 }));

  it('lists at most eight rows, says which of how many, pages on with "Show more", and shows the note', () => {
    const card = cards.results({ query: 'sally', client: 'acme' }, many, editor, { total: 23, note: 'Still loading the directory: 1,200 contacts so far' });
    const opens = actions(card).filter((a) => a.verb === VERBS.resultsOpen);
    expect(opens.map((a) => (a.data as JsonObject).contactId)).toEqual(many.slice(0, 8).map((c) => c.id));
    // Each row carries the search, so the contact card it opens can go back to this page.
    expect(opens[0]!.data).toEqual({ verb: VERBS.resultsOpen, contactId: many[0]!.id, query: 'sally', client: 'acme', offset: 0 });
    const text = visibleText(card);
    expect(text).toContain('1–8 of 23 contacts');
    expect(text).toContain('narrow it down');
    expect(text).toContain('“sally”');
    expect(text).toContain('Still loading the directory: 1,200 contacts so far');
    expect(text).not.toContain('Sally I');
    expect(byTitle(card, 'Show more')).toMatchObject({ type: 'Action.Execute', verb: VERBS.resultsPage, data: { verb: VERBS.resultsPage, query: 'sally', client: 'acme', offset: 8 }, associatedInputs: 'none' });
    expect(byTitle(card, 'Previous')).toBeUndefined();
  });

  it('a later page says where it is, pages back and on, and stops at the end', () => {
    const second = cards.results({ query: 'sally', includeArchived: true, offset: 8 }, many.slice(0, 8), editor, { total: 20 });
    expect(visibleText(second)).toContain('9–16 of 20 contacts');
    expect(byTitle(second, 'Previous')).toMatchObject({ data: { verb: VERBS.resultsPage, query: 'sally', includeArchived: true, offset: 0 } });
    expect(byTitle(second, 'Show more')).toMatchObject({ data: { offset: 16, includeArchived: true } });
    const last = cards.results({ query: 'sally', offset: 16 }, many.slice(0, 4), editor, { total: 20 });
    expect(visibleText(last)).toContain('17–20 of 20 contacts');
    expect(byTitle(last, 'Show more')).toBeUndefined();
  });

  it('says Primary and Important in words (no bare star) and shows title · client · location and email / phone', () => {
    const card = cards.results({ query: 'sally' }, [sally, legacy], editor, { total: 2 });
    const text = visibleText(card);
    expect(text).not.toContain('★');
    expect(visibleStrings(card)).toContain('  Primary · Important');
    expect(text).toContain('Office Manager · Acme Corp · Acme HQ');
    expect(text).toContain('sally@acme.example / (555) 202-0100 ext. 214');
    expect(text).toContain('frank@globex.example / (555) 901-0122');
    expect(text).toContain('1–2 of 2 contacts');
    expect(text).not.toContain('narrow it down');
    expect(byTitle(card, 'Show more')).toBeUndefined();
  });

  it('gives each row Call and Email buttons where the contact has a phone or an email', () => {
    const noEmail = contact({ id: 77, name: 'Phone Only', email: '', phone: '5550001111', extension: '', mobile: '' });
    const nothing = contact({ id: 78, name: 'Nothing', email: '', phone: '', extension: '', mobile: '' });
    const card = cards.results({ query: 'x' }, [sally, noEmail, nothing], editor, { total: 3 });
    const rowLinks = actions(card).filter((a) => a.type === 'Action.OpenUrl').map((a) => [a.title, a.url]);
    expect(rowLinks).toEqual([
      ['Call', 'tel:+15552020100;ext=214'],
      ['Email', 'mailto:sally@acme.example'],
      ['Call', 'tel:+15550001111'],
    ]);
  });

  it('makes every row open its contact without sending inputs', () => {
    const card = cards.results({ query: 'frank' }, [legacy], editor, { total: 1 });
    expect(actions(card).find((a) => a.verb === VERBS.resultsOpen)).toEqual({
      type: 'Action.Execute',
      title: 'View contact',
      verb: VERBS.resultsOpen,
      data: { verb: VERBS.resultsOpen, contactId: legacy.id, query: 'frank', offset: 0 },
      associatedInputs: 'none',
    });
  });

  it('marks archived contacts and omits the note line when there is none', () => {
    const card = cards.results({ query: 'hank' }, [archived], editor, { total: 1 });
    expect(visibleStrings(card)).toContain('  Archived');
    expect(ofType(card, 'Container').filter((c) => c.style === 'warning')).toEqual([]);
  });

  it('offers Add contact only with edit rights', () => {
    expect(topActions(cards.results({ query: 'sally' }, [sally], editor, { total: 1 })).map((a) => a.verb)).toEqual([VERBS.add]);
    expect(topActions(cards.results({ query: 'sally' }, [sally], viewer, { total: 1 }))).toEqual([]);
  });
});

describe('cards.contact', () => {
  it('shows every field, formatted, with badges in words', () => {
    const strings = visibleStrings(cards.contact(sally, editor));
    for (const expected of [
      'Sally Smith',
      'Office Manager · Administration',
      'Primary · Important · Technical',
      'Acme Corp',
      'Acme HQ',
      'sally@acme.example',
      '(555) 202-0100 ext. 214',
      '(555) 901-0111',
      'Prefers email before 10am.',
    ]) {
      expect(strings).toContain(expected);
    }
    expect(strings.join('\n')).not.toContain('Billing');
    expect(strings).not.toContain('Portal sign-in');
  });

  it('links Email, Call, Call mobile and Open in ITFlow, with Edit first', () => {
    const card = cards.contact(sally, editor);
    expect(topActions(card).map((a) => [a.title, a.url ?? a.verb])).toEqual([
      ['Edit', VERBS.edit],
      ['Email', 'mailto:sally@acme.example'],
      ['Call', 'tel:+15552020100;ext=214'],
      ['Call mobile', 'tel:+15559010111'],
      ['Open in ITFlow', sampleContactLink(sally)],
    ]);
    expect(byTitle(card, 'Edit')).toMatchObject({ style: 'positive', data: { verb: VERBS.edit, contactId: sally.id } });
  });

  it('shows a legacy contact\'s portal sign-in and calls the mobile when there is no phone', () => {
    const card = cards.contact(legacy, viewer);
    const strings = visibleStrings(card);
    expect(strings).toEqual(expect.arrayContaining(['Portal sign-in', 'ITFlow password', 'Globex', 'Globex Campus']));
    expect(strings).not.toContain('Phone');
    expect(topActions(card).map((a) => [a.title, a.url])).toEqual([
      ['Email', 'mailto:frank@globex.example'],
      ['Call', 'tel:+15559010122'],
      ['Open in ITFlow', sampleContactLink(legacy)],
    ]);
  });

  it('says when a contact is archived and hides an empty location', () => {
    const strings = visibleStrings(cards.contact(archived, editor));
    expect(strings).toContain('Archived on 2025-02-14');
    expect(strings).not.toContain('Location');
  });

  it('hides buttons that have no target', () => {
    const bare = contact({ email: '', phone: '', extension: '', mobile: '' });
    const ctx = makeCtx(false, () => null);
    expect(topActions(cards.contact(bare, ctx))).toEqual([]);
  });

  it('shows a banner in the tone asked for', () => {
    const card = cards.contact(sally, editor, { banner: { tone: 'good', text: 'Saved.' } });
    const banner = ofType(card, 'Container').find((c) => c.style === 'good');
    expect(JSON.stringify(banner)).toContain('Saved.');
    expect(ofType(cards.contact(sally, editor), 'Container').some((c) => c.style === 'good')).toBe(false);
  });
});

function inputValues(card: AdaptiveCardJson): Record<string, Json> {
  return Object.fromEntries(inputs(card).map((i) => [str(i.id), i.value ?? null]));
}
function choicesOf(card: AdaptiveCardJson, id: string): Array<[string, string]> {
  const input = inputs(card).find((i) => i.id === id);
  return ((input?.choices ?? []) as JsonObject[]).map((c) => [str(c.title), str(c.value)]);
}
function errorTexts(card: AdaptiveCardJson): string[] {
  return ofType(card, 'TextRun').filter((r) => r.color === 'Attention').map((r) => str(r.text));
}

describe('cards.editForm', () => {
  it('prefills every input from the contact, phones formatted without country code', () => {
    const card = cards.editForm(legacy, editor, { version: VERSION });
    expect(inputValues(card)).toEqual({
      name: 'Frank Grimes',
      email: 'frank@globex.example',
      title: 'Technician',
      department: '',
      phone: '',
      extension: '',
      mobile: '+1 555 901 0122',
      locationId: '21',
      notes: 'Prefers email before 10am.',
      primary: 'false',
      important: 'false',
      billing: 'false',
      technical: 'false',
    });
  });

  it('keeps what the user typed over the stored values and shows errors only where they are', () => {
    const card = cards.editForm(sally, editor, {
      version: VERSION,
      values: { name: '', email: 'not-an-email', primary: 'false' },
      errors: { name: 'Name is required', email: 'Email does not look like an address (name@example.com)' },
    });
    expect(inputValues(card)).toMatchObject({ name: '', email: 'not-an-email', primary: 'false', title: 'Office Manager' });
    expect(errorTexts(card)).toEqual(['Name is required', 'Email does not look like an address (name@example.com)']);
    expect(errorTexts(cards.editForm(sally, editor, { version: VERSION }))).toEqual([]);
  });

  it('offers that client\'s live locations plus (none), keeping an archived current one', () => {
    expect(choicesOf(cards.editForm(sally, editor, { version: VERSION }), 'locationId')).toEqual([
      ['(none)', '0'],
      ['Acme HQ', '11'],
      ['Acme Warehouse', '12'],
    ]);
    const inAnnex = contact({ locationId: 13 });
    expect(choicesOf(cards.editForm(inAnnex, editor, { version: VERSION }), 'locationId')).toContainEqual(['Old Acme Annex (archived)', '13']);
    const unknown = contact({ locationId: 99 });
    expect(choicesOf(cards.editForm(unknown, editor, { version: VERSION }), 'locationId')).toContainEqual(['(current location)', '99']);
  });

  it('saves with the contact id and version in data and cancels back to the contact without inputs', () => {
    const card = cards.editForm(sally, editor, { version: VERSION });
    expect(topActions(card)).toEqual([
      { type: 'Action.Execute', title: 'Save', verb: VERBS.save, data: { verb: VERBS.save, contactId: sally.id, version: VERSION }, style: 'positive', associatedInputs: 'auto' },
      { type: 'Action.Execute', title: 'Cancel', verb: VERBS.cancel, data: { verb: VERBS.cancel, contactId: sally.id }, associatedInputs: 'none' },
    ]);
  });

  it('requires name and email in the client too', () => {
    const required = inputs(cards.editForm(sally, editor, { version: VERSION })).filter((i) => i.isRequired === true);
    expect(required.map((i) => i.id)).toEqual(['name', 'email']);
  });

  it('checks emails in the client exactly as the server-side form schema does', () => {
    const email = inputs(cards.editForm(sally, editor, { version: VERSION })).find((i) => i.id === 'email');
    const pattern = new RegExp(str(email?.regex));
    for (const candidate of ['sally@acme.example', 'o’brien@acme.example', 'sally@acme', 'sally smith@acme.example', 'a@b.c', '"x"@y.z', 'a@@b.c']) {
      expect([candidate, pattern.test(candidate)]).toEqual([candidate, contactFormFields.email.safeParse(candidate).success]);
    }
  });
});

describe('cards.addForm', () => {
  it('lists clients by name and every live location as "Client · Location"', () => {
    const card = cards.addForm(editor, { formId: 'f-1' });
    expect(choicesOf(card, 'clientId')).toEqual([['Acme Corp', '1'], ['Globex', '2']]);
    expect(choicesOf(card, 'locationId')).toEqual([
      ['(none)', '0'],
      ['Acme Corp · Acme HQ', '11'],
      ['Acme Corp · Acme Warehouse', '12'],
      ['Globex · Globex Campus', '21'],
      ['Globex · Globex R&D Lab', '22'],
    ]);
    expect(inputValues(card)).toMatchObject({ clientId: '', locationId: '0', name: '', primary: 'false' });
  });

  it('narrows locations to a chosen client and preselects it', () => {
    const card = cards.addForm(editor, { formId: 'f-2', clientId: 2 });
    expect(choicesOf(card, 'locationId')).toEqual([['(none)', '0'], ['Globex Campus', '21'], ['Globex R&D Lab', '22']]);
    expect(inputValues(card).clientId).toBe('2');
  });

  it('creates with the form id and offers the existing contact when there is one', () => {
    const card = cards.addForm(editor, {
      formId: 'f-3',
      values: { name: 'Sally Smith', email: 'sally@acme.example', clientId: '1' },
      errors: { email: 'Sally Smith at Acme Corp already has this email.' },
      existing: sally,
    });
    expect(topActions(card).map((a) => [a.title, a.data])).toEqual([
      ['Add contact', { verb: VERBS.create, formId: 'f-3' }],
      ['View existing contact', { verb: VERBS.view, contactId: sally.id }],
      ['Cancel', { verb: VERBS.addCancel }],
    ]);
    expect(byTitle(card, 'Cancel')).toMatchObject({ type: 'Action.Execute', associatedInputs: 'none' });
    expect(byTitle(card, 'Add contact')).toMatchObject({ style: 'positive', associatedInputs: 'auto' });
    expect(visibleStrings(card)).toContain(' · Acme Corp · sally@acme.example');
    expect(errorTexts(card)).toEqual(['Sally Smith at Acme Corp already has this email.']);
    expect(topActions(cards.addForm(editor, { formId: 'f-4' })).map((a) => a.title)).toEqual(['Add contact', 'Cancel']);
    // Inside a dialog Teams has its own close button, and only Submit works there.
    expect(topActions(cards.addForm(editor, { formId: 'f-4', submitStyle: 'submit' })).map((a) => a.title)).toEqual(['Add contact']);
  });

  it('requires a client', () => {
    const client = inputs(cards.addForm(editor, { formId: 'f-5' })).find((i) => i.id === 'clientId');
    expect(client).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true, label: 'Client' });
  });
});

describe('cards.message', () => {
  it('shows title and text in the tone style and adds the verb to each action\'s data', () => {
    const card = cards.message({
      tone: 'attention',
      title: 'ITFlow said no',
      text: 'The API key was refused.',
      actions: [{ title: 'Try again', verb: VERBS.view, data: { contactId: 8 } }, { title: 'Help', verb: VERBS.help }],
    });
    expect(ofType(card, 'Container')[0]?.style).toBe('attention');
    expect(visibleStrings(card)).toEqual(expect.arrayContaining(['ITFlow said no', 'The API key was refused.']));
    expect(topActions(card).map((a) => a.data)).toEqual([{ contactId: 8, verb: VERBS.view }, { verb: VERBS.help }]);
  });

  it('has no buttons when given none', () => {
    expect(topActions(cards.message({ tone: 'info', title: 'Hello', text: '' }))).toEqual([]);
  });
});

describe('cards.conflict', () => {
  const card = cards.conflict(sally, editor, { version: VERSION, values: { name: 'Sally Smith', title: 'Operations Lead', mobile: '(555) 901-0199' }, differences });

  it('compares theirs and yours field by field', () => {
    const strings = visibleStrings(card);
    for (const s of ['Title', 'Office Manager', 'Operations Lead', 'Mobile', '(empty)', '(555) 901-0199']) expect(strings).toContain(s);
  });

  it('offers their version, or applying the user\'s values with the current version', () => {
    expect(byTitle(card, 'Use theirs')?.data).toEqual({ verb: VERBS.edit, contactId: sally.id });
    expect(byTitle(card, 'Apply mine anyway')?.data).toEqual({
      name: 'Sally Smith',
      title: 'Operations Lead',
      mobile: '(555) 901-0199',
      verb: VERBS.forceSave,
      contactId: sally.id,
      version: VERSION,
    });
  });
});

describe('cards.noMatch', () => {
  it('says nothing matched and offers Add contact prefilled', () => {
    const card = cards.noMatch('Nora Nolocation', editor, { prefill: { name: 'Nora Nolocation', email: '', phone: '5552020199', clientId: '2' } });
    expect(visibleStrings(card)).toContain('“Nora Nolocation”');
    expect(byTitle(card, 'Add contact')?.data).toEqual({ verb: VERBS.add, name: 'Nora Nolocation', phone: '5552020199', clientId: 2 });
  });

  it('offers only Help without edit rights', () => {
    expect(topActions(cards.noMatch('nora', viewer, { prefill: { name: 'Nora' } })).map((a) => a.verb)).toEqual([VERBS.help]);
  });
});

describe('cards.help and cards.welcome', () => {
  /** The examples as buttons: what each shows, and the command it sends when tapped (a Teams messageBack). */
  const examples = (card: AdaptiveCardJson) =>
    actions(card)
      .filter((a) => a.type === 'Action.Submit')
      .map((a) => {
        const back = (a.data as { msteams: { type: string; text: string; displayText: string } }).msteams;
        expect(back.type).toBe('messageBack');
        expect(back.displayText).toBe(a.title);
        return back.text;
      });
  const labels = (card: AdaptiveCardJson) => actions(card).filter((a) => a.type === 'Action.Submit').map((a) => a.title);

  it('lists every command as an example that runs when tapped, the changing ones only with edit rights', () => {
    expect(examples(cards.help(editor))).toEqual([
      'find sally',
      'find sally at acme',
      'find 555-202-0100',
      'show contact 8',
      'edit sally smith',
      'add contact',
      'new contact Sally Smith sally@acme.example',
    ]);
    expect(examples(cards.help(viewer))).toEqual(['find sally', 'find sally at acme', 'find 555-202-0100', 'show contact 8']);
    expect(visibleText(cards.help(editor))).not.toContain('@mention');
  });

  it('welcomes with three examples and a way to the help card', () => {
    expect(examples(cards.welcome(editor))).toEqual(['find sally', 'find 555-202-0100', 'add contact']);
    expect(examples(cards.welcome(viewer))).toEqual(['find sally', 'find 555-202-0100', 'show contact 8']);
    expect(verbsOf(cards.welcome(viewer)).filter((v) => v !== undefined)).toEqual([VERBS.help]);
  });

  it('shows the @mention form in channels and group chats and says the bot must be @mentioned there', () => {
    for (const conversation of ['channel', 'groupChat'] as const) {
      const here = { ...editor, conversation, botName: 'Contacts' };
      expect(labels(cards.help(here))[0]).toBe('@Contacts find sally');
      // The command sent is the bare one: a messageBack goes to the bot without a mention.
      expect(examples(cards.help(here))[0]).toBe('find sally');
      expect(labels(cards.welcome(here))).toEqual(['@Contacts find sally', '@Contacts find 555-202-0100', '@Contacts add contact']);
      expect(visibleText(cards.welcome(here))).toMatch(/only see messages that @mention me: type @Contacts/);
    }
  });
});

describe('the templates in cards/', () => {
  const dir = path.resolve(__dirname, '../../cards');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it.each(files)('%s is an Adaptive Card 1.5 template whose literal verbs are all known', (file) => {
    const template = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as JsonObject;
    expect(template).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.5' });
    const literalVerbs = [...walk(template)].filter((v) => v.key === 'verb' && typeof v.value === 'string' && !v.value.startsWith('${'));
    for (const v of literalVerbs) expect(Object.values(VERBS)).toContain(v.value);
  });
});

describe('cards.contact: long notes and the way back', () => {
  const longNotes = `Gate code 4417 at the back entrance. ${'Alarm panel is behind the reception desk, code on file with the office manager. '.repeat(6)}Account 99-1234.`;
  const withNotes = contact({ id: 91, name: 'Nora Notes', notes: longNotes });

  it('previews long notes in a personal chat with the full text behind "Show more"', () => {
    const card = cards.contact(withNotes, editor);
    const strings = visibleStrings(card);
    const preview = strings.find((s) => s.startsWith('Gate code 4417'))!;
    expect(preview.length).toBeLessThanOrEqual(201);
    expect(preview.endsWith('…')).toBe(true);
    expect(strings).toContain(longNotes);
    const toggle = byTitle(card, 'Show more');
    expect(toggle).toMatchObject({ type: 'Action.ToggleVisibility', targetElements: ['notesPreview', 'notesFull'] });
    expect(JSON.stringify(card)).toMatch(/"id":"notesFull","isVisible":false|"isVisible":false[^}]*"id":"notesFull"/);
  });

  it('posts only the preview in a channel or group chat and says where to read the rest', () => {
    for (const conversation of ['channel', 'groupChat'] as const) {
      const card = cards.contact(withNotes, { ...editor, conversation });
      const json = JSON.stringify(card);
      expect(json).not.toContain('Account 99-1234');
      expect(byTitle(card, 'Show more')).toBeUndefined();
      expect(visibleText(card)).toContain(`show contact ${withNotes.id}`);
    }
  });

  it('shows short notes whole, with no "Show more"', () => {
    const card = cards.contact(sally, { ...editor, conversation: 'channel' });
    expect(visibleStrings(card)).toContain('Prefers email before 10am.');
    expect(byTitle(card, 'Show more')).toBeUndefined();
  });

  it('offers "Back to results" with the search it was opened from, and only then', () => {
    const back = { verb: VERBS.resultsPage, query: 'sally', offset: 8 };
    expect(byTitle(cards.contact(sally, editor, { back }), 'Back to results')).toMatchObject({ type: 'Action.Execute', verb: VERBS.resultsPage, data: back });
    expect(byTitle(cards.contact(sally, editor), 'Back to results')).toBeUndefined();
  });
});
