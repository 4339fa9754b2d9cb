import { oneInstanceWrites } from '../support/shared-writes';
import { MAX_ACTIVITY_BYTES, utf16Bytes } from '../../src/bot/activity-size';
import { answerContactSearch, answerSelectedItem } from '../../src/bot/message-extensions';
import { ContactService } from '../../src/contacts/contact-service';
import { ContactDirectory } from '../../src/contacts/directory';
import type { Client, Contact, ContactWrite, ItflowApi, Location, PageRequest } from '../../src/itflow/types';
import { silentLogger } from '../../src/logger';
import { makeContact } from '../support/contacts';
import { turnScopeFor } from '../support/turn-scope';

/**
 * The compose-box answer at its worst: 25 results whose every field is as long as ITFlow allows. Teams asks for
 * 25 at a time and ends its paging at a shorter page, so the page stays 25 long and fits one activity by carrying
 * the contact card only while it fits; Teams fetches the card of any other result when it is picked.
 */

const LONG = (prefix: string, length: number) => `${prefix} ${'Ω'.repeat(length - prefix.length - 1)}`;
const client: Client = { id: 1, name: LONG('Longname Holdings', 200) };
const contacts: Contact[] = Array.from({ length: 60 }, (_, i) =>
  makeContact(i + 1, LONG(`Pat Long${i}`, 200), {
    clientId: 1,
    title: LONG('Chief', 200),
    department: LONG('Dept', 200),
    email: `${'p'.repeat(180)}${i}@long.example`,
    phone: '5550100000',
    extension: '1'.repeat(20),
    mobile: '5559010000',
    notes: LONG('Notes', 4000),
    important: true,
  }),
);

class LongItflow implements ItflowApi {
  listContacts(page: PageRequest): Promise<Contact[]> {
    return Promise.resolve(contacts.slice(page.offset, page.offset + page.limit));
  }
  getContact(id: number): Promise<Contact | null> {
    return Promise.resolve(contacts.find((c) => c.id === id) ?? null);
  }
  findContactsByEmail(): Promise<Contact[]> {
    return Promise.resolve([]);
  }
  findContactByPhone(): Promise<Contact | null> {
    return Promise.resolve(null);
  }
  createContact(_clientId: number, _fields: ContactWrite): Promise<number> {
    return Promise.reject(new Error('not in this test'));
  }
  updateContact(): Promise<void> {
    return Promise.reject(new Error('not in this test'));
  }
  listClients(): Promise<Client[]> {
    return Promise.resolve([client]);
  }
  listLocations(): Promise<Location[]> {
    return Promise.resolve([]);
  }
}

let directory: ContactDirectory;
let service: ContactService;

beforeAll(async () => {
  const itflow = new LongItflow();
  directory = new ContactDirectory(itflow, { refreshSeconds: 3600, logger: silentLogger });
  directory.start();
  await directory.whenReady();
  service = new ContactService(itflow, directory, oneInstanceWrites());
});
afterAll(async () => {
  await directory.stop();
});

type Entry = { contentType: string; preview?: { content: { title?: string; tap?: { type: string; value: { contactId: number } } } } };
const query = (text: string, skip: number) => ({ commandId: 'findContact', parameters: [{ name: 'query', value: text }], queryOptions: { skip, count: 25 } });

it.each([
  ['a search', query('pat long', 0)],
  ['its next page', query('pat long', 25)],
  ['the initial run', { commandId: 'findContact', parameters: [{ name: 'initialRun', value: 'true' }], queryOptions: { skip: 0, count: 25 } }],
])('answers %s with a full page of 25 within one activity', async (_what, value) => {
  const body = await answerContactSearch(value, turnScopeFor(service));
  const entries = (body.composeExtension?.attachments ?? []) as Entry[];
  expect(entries).toHaveLength(25);
  expect(utf16Bytes(body)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
  // Every entry can be picked for its card; the list lines are shortened, never empty.
  for (const entry of entries) {
    const tap = entry.preview?.content.tap;
    expect(tap?.type).toBe('invoke');
    expect(contacts.map((c) => c.id)).toContain(tap?.value.contactId);
    expect(entry.preview?.content.title).toMatch(/^Pat Long\d+ Ω+…? ★$/);
  }
});

it('inserts the full contact card of a picked result, read afresh', async () => {
  const body = await answerSelectedItem({ contactId: 60 }, turnScopeFor(service));
  const [card] = (body.composeExtension?.attachments ?? []) as Array<{ contentType: string; content: unknown }>;
  expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(JSON.stringify(card?.content)).toContain(contacts[59]!.email);
});

it.each([
  ['nothing', undefined],
  ['a contact id that is not a number', { contactId: 'x' }],
  ['a negative contact id', { contactId: -1 }],
])('answers a pick of %s with an empty list', async (_what, value) => {
  expect((await answerSelectedItem(value, turnScopeFor(service))).composeExtension?.attachments).toEqual([]);
});

it('says so when a picked contact no longer exists', async () => {
  expect((await answerSelectedItem({ contactId: 999 }, turnScopeFor(service))).composeExtension).toMatchObject({ type: 'message' });
});
