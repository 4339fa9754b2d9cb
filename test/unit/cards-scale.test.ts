import { fixedCardContext } from '../../src/cards/fixed-context';
import type * as AdaptiveCards from 'adaptivecards';
import { MAX_ACTIVITY_BYTES, utf16Bytes } from '../../src/bot/activity-size';
import { DATASETS } from '../../src/cards/datasets';
import { STATIC_CLIENT_CHOICES, STATIC_LOCATION_CHOICES } from '../../src/cards/picker-view-models';
import { cards, type AdaptiveCardJson, type CardContext } from '../../src/cards/views';
import type { Client, Location } from '../../src/itflow/types';
import type { Contact } from '../../src/contacts/contact';
import { generateSyntheticDirectory } from '../../src/sandbox/synthetic';
import { makeContact } from '../support/contacts';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/**
 * The forms at an MSP's size (500 clients, 1,000 locations, one client with dozens of sites), built in memory:
 * what the cards carry stays short, what cannot be listed is searched for, and every card fits one activity.
 * test/integration/msp-scale.test.ts drives the same over HTTP against a seeded sandbox.
 */

const directory = generateSyntheticDirectory({ contacts: 0, clients: 500, locations: 1000, seed: 3, now: new Date(2026, 0, 1), existingClients: 0, existingContacts: 0, contactsPerClient: 200 });
const clients: Client[] = directory.map((c, i) => ({ id: i + 1, name: c.client.client_name ?? '' }));
let nextLocationId = 1;
const locations: Location[] = directory.flatMap((c, i) =>
  c.locations.map((l) => ({ id: nextLocationId++, clientId: i + 1, name: l.location_name ?? '', archivedAt: null, primary: l.location_primary === 1 })),
);
const chain = clients[0]!;
const chainSites = locations.filter((l) => l.clientId === chain.id);
const lastByName = [...clients].sort((a, b) => b.name.localeCompare(a.name))[0]!;

const ctx: CardContext = fixedCardContext(clients, locations);

type Node = Record<string, unknown>;
function nodes(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) value.forEach((v) => nodes(v, out));
  else if (value !== null && typeof value === 'object') {
    out.push(value as Node);
    Object.values(value).forEach((v) => nodes(v, out));
  }
  return out;
}
const input = (card: AdaptiveCardJson, id: string) => nodes(card).find((n) => n.id === id && typeof n.type === 'string' && n.type.startsWith('Input.'))!;
const choices = (card: AdaptiveCardJson, id: string) => (input(card, id).choices as Array<{ title: string; value: string }>).map((c) => [c.title, c.value]);
const subtleTexts = (card: AdaptiveCardJson) => nodes(card).filter((n) => n.type === 'TextBlock' && n.isSubtle === true).map((n) => String(n.text));

function officialProblems(card: AdaptiveCardJson): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

function fits(card: AdaptiveCardJson): void {
  expect(officialProblems(card)).toEqual([]);
  // The card inside a message activity: a little more than the card alone, still far under the limit.
  expect(utf16Bytes(card)).toBeLessThan(MAX_ACTIVITY_BYTES / 2);
}

test('the directory has the shape of the issue: 500 clients, 1,000 locations, one chain with dozens of sites', () => {
  expect(clients).toHaveLength(500);
  expect(locations).toHaveLength(1000);
  expect(chainSites.length).toBeGreaterThan(STATIC_LOCATION_CHOICES);
});

describe('the add form without a client', () => {
  const card = cards.addForm(ctx, { formId: 'f-1' });

  it('lists the first clients by name and searches all of them as the user types', () => {
    const listed = choices(card, 'clientId');
    expect(listed).toHaveLength(STATIC_CLIENT_CHOICES);
    expect(listed.map(([title]) => title)).toEqual([...clients].map((c) => c.name).sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })).slice(0, STATIC_CLIENT_CHOICES));
    expect(input(card, 'clientId')).toMatchObject({
      style: 'filtered',
      isRequired: true,
      'choices.data': { type: 'Data.Query', dataset: DATASETS.clients },
      valueChangedAction: { type: 'Action.ResetInputs', targetInputIds: ['locationId'] },
    });
    expect(subtleTexts(card)).toContainEqual(expect.stringMatching(/^15 of 500 clients listed: type part of a name.*“add contact at”/));
  });

  it('offers no location until a client is chosen, then that client\'s (the dependent query)', () => {
    expect(choices(card, 'locationId')).toEqual([['(none)', '0']]);
    expect(input(card, 'locationId')).toMatchObject({ value: '0', 'choices.data': { type: 'Data.Query', dataset: DATASETS.locations, associatedInputs: 'auto' } });
    expect(subtleTexts(card)).toContainEqual(expect.stringMatching(/^Choose the client first/));
  });

  it('fits', () => fits(card));
});

describe('the add form for a chosen client', () => {
  it('lists that client among the choices, chosen, with its locations and its primary location preselected', () => {
    const card = cards.addForm(ctx, { formId: 'f-2', clientId: lastByName.id, values: { clientId: String(lastByName.id) } });
    expect(choices(card, 'clientId')).toHaveLength(STATIC_CLIENT_CHOICES);
    expect(choices(card, 'clientId')).toContainEqual([lastByName.name, String(lastByName.id)]);
    expect(input(card, 'clientId').value).toBe(String(lastByName.id));
    const own = locations.filter((l) => l.clientId === lastByName.id);
    const primary = own.find((l) => l.primary)!;
    expect(choices(card, 'locationId')).toEqual([['(none)', '0'], ...[primary, ...own.filter((l) => l !== primary)].map((l) => [l.name, String(l.id)])]);
    expect(input(card, 'locationId').value).toBe(String(primary.id));
    expect(subtleTexts(card).filter((t) => /location/.test(t))).toEqual([]);
    fits(card);
  });

  it('lists the first sites of a chain, primary first, and says the rest are found by typing', () => {
    const card = cards.addForm(ctx, { formId: 'f-3', clientId: chain.id });
    const listed = choices(card, 'locationId');
    expect(listed).toHaveLength(STATIC_LOCATION_CHOICES + 1);
    expect(listed[1]).toEqual([chainSites.find((l) => l.primary)!.name, String(chainSites.find((l) => l.primary)!.id)]);
    expect(subtleTexts(card)).toContainEqual(`${STATIC_LOCATION_CHOICES} of the client's ${chainSites.length} locations listed: type part of a name to find the others.`);
    fits(card);
  });

  it('keeps what the user chose when it is not the client\'s, naming its owner next to the error', () => {
    const elsewhere = locations.find((l) => l.clientId === lastByName.id)!;
    const card = cards.addForm(ctx, {
      formId: 'f-4',
      clientId: chain.id,
      values: { clientId: String(chain.id), locationId: String(elsewhere.id) },
      errors: { locationId: `${elsewhere.name} belongs to ${lastByName.name}. Choose one of ${chain.name}'s locations, or (none).` },
    });
    expect(input(card, 'locationId').value).toBe(String(elsewhere.id));
    expect(choices(card, 'locationId')).toContainEqual([`${elsewhere.name} (${lastByName.name})`, String(elsewhere.id)]);
  });

  it('keeps a typed location over the primary one', () => {
    const other = chainSites.find((l) => !l.primary)!;
    expect(input(cards.addForm(ctx, { formId: 'f-5', clientId: chain.id, values: { locationId: String(other.id) } }), 'locationId').value).toBe(String(other.id));
    expect(input(cards.addForm(ctx, { formId: 'f-5', clientId: chain.id, values: { locationId: '0' } }), 'locationId').value).toBe('0');
  });
});

describe('the edit form of a contact at a chain', () => {
  const farSite = chainSites.filter((l) => !l.primary).at(-1)!;
  const contact: Contact = makeContact(77, 'Pat Chain', { clientId: chain.id, locationId: farSite.id });
  const card = cards.editForm(contact, ctx, { version: 'v1:x' });

  it('lists the first sites and the contact\'s own, and searches the client\'s others by a dataset that names the client', () => {
    const listed = choices(card, 'locationId');
    expect(listed).toHaveLength(STATIC_LOCATION_CHOICES + 2);
    expect(listed.at(-1)).toEqual([farSite.name, String(farSite.id)]);
    expect(input(card, 'locationId')).toMatchObject({ value: String(farSite.id), 'choices.data': { type: 'Data.Query', dataset: `itflow.locations:${chain.id}` } });
    expect(subtleTexts(card)).toContainEqual(expect.stringMatching(/of the client's \d+ locations listed/));
  });

  it('fits', () => fits(card));
});
