import { ItflowClient } from '../../src/itflow/client';
import type { Client, Location } from '../../src/itflow/types';
import { BotHarness } from '../support/bot-harness';
import { inputsOf, textOf } from '../support/card-inspect';
import { invoke, TENANT_ID } from '../support/teams-activities';

/**
 * The add form's typeahead (`application/search`) and its checks, against the demo data with the bot limited
 * to two clients (ALLOWED_CLIENT_IDS) and one tenant: searches answer only with what the bot may show, and a
 * submitted client or location is checked again whatever the card offered.
 */

let h: BotHarness;
let itflow: ItflowClient;
let clients: Client[];
let locations: Location[];
const client = (name: string) => clients.find((c) => c.name === name)!;
const site = (name: string) => locations.find((l) => l.name === name)!;

beforeAll(async () => {
  h = await BotHarness.start({ env: { ALLOWED_CLIENT_IDS: '1,2', ALLOWED_TENANT_IDS: TENANT_ID } });
  itflow = new ItflowClient({ baseUrl: h.sandbox.url, apiKey: h.sandbox.adminKey });
  [clients, locations] = await Promise.all([itflow.listClients(), itflow.listLocations()]);
});
afterAll(async () => {
  await itflow?.close();
  await h?.stop();
});

async function search(value: unknown, tenantId?: string): Promise<{ status: number; results: Array<{ title: string; value: string }> | undefined }> {
  const { status, body } = await h.post(invoke('application/search', value, h.opts('personal', tenantId === undefined ? {} : { tenantId })));
  return { status, results: (body as { value?: { results?: Array<{ title: string; value: string }> } } | null)?.value?.results };
}

describe('client scope (ALLOWED_CLIENT_IDS)', () => {
  it('searches only the allowed clients', async () => {
    expect((await search({ dataset: 'itflow.clients', queryText: '' })).results).toEqual([
      { title: 'Acme Corp', value: '1' },
      { title: 'Globex', value: '2' },
    ]);
    expect((await search({ dataset: 'itflow.clients', queryText: 'glob' })).results).toEqual([{ title: 'Globex', value: '2' }]);
    expect((await search({ dataset: 'itflow.clients', queryText: 'initech' })).results).toEqual([]);
  });

  it('lists the locations of an allowed client, primary first, and none of another client', async () => {
    expect((await search({ dataset: 'itflow.locations', queryText: '', data: { clientId: '2' } })).results).toEqual([
      { title: 'Globex Campus', value: String(site('Globex Campus').id) },
      { title: 'Globex R&D Lab', value: String(site('Globex R&D Lab').id) },
    ]);
    const initech = String(client('Initech').id);
    expect((await search({ dataset: 'itflow.locations', queryText: '', data: { clientId: initech } })).results).toEqual([]);
    expect((await search({ dataset: `itflow.locations:${initech}`, queryText: '' })).results).toEqual([]);
  });

  it('offers, before a client is chosen, the locations the add form lists itself (few: every allowed one, saying whose)', async () => {
    const listed = inputsOf(await h.ask('add contact')).locationId?.choices?.filter((c) => c.value !== '0');
    const searched = (await search({ dataset: 'itflow.locations', queryText: '', data: { clientId: '' } })).results;
    expect(listed?.map((c) => c.title)).toEqual(['Acme Corp · Acme HQ', 'Acme Corp · Acme Warehouse', 'Globex · Globex Campus', 'Globex · Globex R&D Lab']);
    expect(new Set(searched)).toEqual(new Set(listed));
    expect((await search({ dataset: 'itflow.locations', queryText: 'lab', data: {} })).results).toEqual([{ title: 'Globex · Globex R&D Lab', value: String(site('Globex R&D Lab').id) }]);
  });

  it('offers only the allowed clients in the form, with the client\'s primary location preselected', async () => {
    const card = await h.ask('add contact at globex');
    expect(inputsOf(card).clientId?.choices?.map((c) => c.title)).toEqual(['Acme Corp', 'Globex']);
    expect(inputsOf(card).locationId?.value).toBe(String(site('Globex Campus').id));
    expect(inputsOf(card).locationId?.choices?.map((c) => c.title)).toEqual(['(none)', 'Globex Campus', 'Globex R&D Lab']);
  });

  it('refuses a forged submission for a client outside the scope, writing nothing', async () => {
    const form = await h.ask('add contact');
    const count = h.sandbox.store.countContacts();
    const card = await h.click(form, /^add/i, { clientId: String(client('Initech').id), name: 'Forged Person', email: 'forged@initech.example' });
    expect(textOf(card)).toMatch(/Choose a client from the list/);
    expect(h.sandbox.store.countContacts()).toBe(count);
  });

  it('refuses a location of another client, saying which client it belongs to and what to choose', async () => {
    const form = await h.ask('add contact at acme');
    const count = h.sandbox.store.countContacts();
    const card = await h.click(form, /^add/i, { name: 'Mixed Person', email: 'mixed@acme.example', locationId: String(site('Globex Campus').id) });
    expect(textOf(card)).toContain("Globex Campus belongs to Globex. Choose one of Acme Corp's locations, or (none).");
    expect(inputsOf(card).locationId?.choices).toContainEqual({ title: 'Globex Campus (Globex)', value: String(site('Globex Campus').id) });
    expect(h.sandbox.store.countContacts()).toBe(count);
  });
});

describe('who may search', () => {
  it('refuses a search from a tenant that is not allowed, with no results', async () => {
    const refused = await search({ dataset: 'itflow.clients', queryText: '' }, '00000000-0000-0000-0000-0000000f0e19');
    expect(refused.status).toBe(403);
    expect(refused.results).toBeUndefined();
  });
});
