import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/contacts/contact';
import { BotHarness } from '../support/bot-harness';
import { actionTitled, inputsOf, textOf } from '../support/card-inspect';

/**
 * Issue 11 item 5: a second "Sally Smith" at the same client is warned about, with "View existing" and
 * "Add anyway"; only the explicit confirm flag in the submission creates it.
 */
let h: BotHarness;
let itflow: ItflowClient;

beforeAll(async () => {
  h = await BotHarness.start();
  itflow = new ItflowClient({ baseUrl: h.sandbox.url, apiKey: h.sandbox.adminKey });
});
afterAll(async () => {
  await h?.stop();
});

async function allContacts(): Promise<Contact[]> {
  const all: Contact[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await itflow.listContacts({ limit: 500, offset });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

describe('adding a contact whose name the client already has', () => {
  it('warns, offers View existing and Add anyway, and writes nothing until Add anyway', async () => {
    const sally = (await allContacts()).find((c) => c.name === 'Sally Smith')!;
    const sallyId = sally.id;
    const clientId = sally.clientId;
    const before = h.sandbox.store.countContacts();

    const form = await h.ask('add contact');
    const typed = { clientId: String(clientId), name: 'sally  SMITH', email: 'sally.second@acme.example' };
    const warned = await h.click(form, /^add contact$/i, typed);
    expect(textOf(warned)).toMatch(/already has a contact called/i);
    expect(actionTitled(warned, /view existing/i).data?.contactId).toBe(sallyId);
    expect(inputsOf(warned).email?.value).toBe('sally.second@acme.example');
    expect(h.sandbox.store.countContacts()).toBe(before);

    // Add contact again without confirming: still only the warning.
    const again = await h.click(warned, /^add contact$/i);
    expect(textOf(again)).toMatch(/already has a contact called/i);
    expect(h.sandbox.store.countContacts()).toBe(before);

    const added = await h.click(again, /^add anyway$/i);
    expect(textOf(added)).toMatch(/Added to ITFlow/);
    expect(h.sandbox.store.countContacts()).toBe(before + 1);
    const namesakes = (await allContacts()).filter((c) => c.clientId === clientId && c.name.toLowerCase().replace(/\s+/g, ' ') === 'sally smith');
    expect(namesakes).toHaveLength(2);
  });

  it('the same name at another client goes in without a warning', async () => {
    const clients = inputsOf(await h.ask('add contact')).clientId!.choices!;
    const form = await h.ask('add contact');
    const hank = (await allContacts()).find((c) => c.name === 'Hank Scorpio')!;
    const other = clients.find((c) => Number(c.value) !== hank.clientId)!;
    const before = h.sandbox.store.countContacts();
    const card = await h.click(form, /^add contact$/i, { clientId: other.value, name: 'Hank Scorpio', email: 'hank.elsewhere@example.com' });
    expect(textOf(card)).not.toMatch(/already has a contact called/i);
    expect(h.sandbox.store.countContacts()).toBe(before + 1);
  });
});
