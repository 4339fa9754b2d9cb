import { mkdtempSync, rmSync } from 'node:fs';
import { loadingDirectory } from '../support/loading-directory';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { versionOf } from '../../src/contacts/contact';
import { ContactService } from '../../src/contacts/contact-service';
import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/itflow/types';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { contactRow } from '../../src/sandbox/seed-helpers';
import { BotHarness } from '../support/bot-harness';
import { actionsOf, inputsOf, textOf } from '../support/card-inspect';
import type { CardJson } from '../support/connector';
import { allContacts, auditLines, contactNamed } from '../support/trust-kit';
import { oneInstanceWrites } from '../support/shared-writes';

/**
 * ALLOWED_CLIENT_IDS: contacts of other ITFlow clients are never shown (by name, email, phone or id) and never
 * written (forged saves and creates), whatever the API key itself could reach.
 */

let h: BotHarness;
let acme: number;
let outsiders: Contact[];
let sallyJones: Contact;

beforeAll(async () => {
  const probe = await BotHarness.start();
  try {
    acme = (await contactNamed(probe, 'Sally Smith')).clientId;
  } finally {
    await probe.stop();
  }
  h = await BotHarness.start({ env: { ALLOWED_CLIENT_IDS: String(acme) } });
  outsiders = (await allContacts(h.sandbox.url, h.sandbox.adminKey)).filter((c) => c.clientId !== acme);
  sallyJones = await contactNamed(h, 'Sally Jones');
});
afterAll(async () => {
  await h?.stop();
});

/**
 * Anything of another client's contacts (names, emails, phone digits, ids in actions) in these cards, other than
 * what the user typed (a "no match" card repeats the query and offers it to the Add form).
 */
function outsiderDataIn(cards: readonly CardJson[], typed = ''): string[] {
  const json = JSON.stringify(cards);
  const ids = new Set(cards.flatMap((c) => actionsOf(c).map((a) => Number(a.data?.contactId))));
  const typedText = typed.toLowerCase();
  const typedDigits = typed.replace(/\D/g, '');
  const wasTyped = (v: string) => typedText.includes(v.toLowerCase()) || (/^\d+$/.test(v) && typedDigits.includes(v));
  return outsiders.flatMap((c) => [
    ...[c.name, c.email, c.mobile, c.phone].filter((v) => v.length > 5 && json.includes(v) && !wasTyped(v)),
    ...(ids.has(c.id) ? [`#${c.id}`] : []),
  ]);
}

describe('reading', () => {
  it('finds only the allowed client\'s contacts by name', async () => {
    const card = await h.ask('find sally');
    expect(textOf(card)).toContain('Sally Smith');
    expect(outsiderDataIn([card])).toEqual([]);
    // The count says nothing about other clients either: one Sally, not "1 of 2".
    expect(textOf(card)).not.toMatch(/of 2/);
  });

  it('does not count other clients\' matches, however many there are', async () => {
    const now = h.sandbox.store.timestamp();
    const spec = { title: 'Courier', phone: '', extension: '', mobile: '', notes: '', flags: '', department: 'Logistics', locationId: 0 };
    for (let i = 0; i < 60; i++) {
      h.sandbox.store.insertContact(contactRow({ ...spec, name: `Quillon Outsider${i}`, email: `quillon${i}@globex.example`, clientId: sallyJones.clientId }, now));
    }
    h.sandbox.store.insertContact(contactRow({ ...spec, name: 'Quillon Insider', email: 'quillon@acme.example', clientId: acme }, now));
    await h.app.directory.refresh();
    // One visible match: its card, not a list claiming dozens of results the user may not see.
    const card = await h.ask('find quillon');
    expect(textOf(card)).toContain('Quillon Insider');
    expect(textOf(card)).not.toMatch(/Outsider|contacts matching/i);
  });

  it('finds nothing at another client, even when asked by client name', async () => {
    for (const text of ['find sally at globex', 'find contacts at globex', 'find hank scorpio', 'find globex']) {
      expect(outsiderDataIn([await h.ask(text)], text)).toEqual([]);
    }
  });

  it('finds nothing by another client\'s email or phone (formatted or not)', async () => {
    const d = sallyJones.mobile;
    const queries = [sallyJones.email, sallyJones.email.toUpperCase(), `lookup ${d}`, `lookup +1 (${d.slice(-10, -7)}) ${d.slice(-7, -4)}-${d.slice(-4)}`, sallyJones.phone];
    for (const text of queries) {
      const card = await h.ask(text);
      expect([text, outsiderDataIn([card], text)]).toEqual([text, []]);
      expect(textOf(card)).toMatch(/no contacts match/i);
    }
  });

  it('answers "not found" for another client\'s contact id, by message and by every card verb', async () => {
    const cards = [await h.ask(`show contact ${sallyJones.id}`), await h.ask(`edit contact ${sallyJones.id}`)];
    for (const verb of ['contact.view', 'contact.edit', 'contact.cancel']) cards.push(await h.execute(verb, { contactId: sallyJones.id }));
    for (const card of cards) expect(textOf(card)).toMatch(/not found|no contact/i);
    expect(outsiderDataIn(cards)).toEqual([]);
    expect(cards.flatMap(actionsOf).filter((a) => a.type === 'Action.OpenUrl')).toEqual([]);
  });

  it('offers only allowed clients (and their locations) on the add form', async () => {
    const form = await h.ask('add contact');
    expect(inputsOf(form).clientId?.choices?.map((c) => Number(c.value))).toEqual([acme]);
    expect(JSON.stringify(form)).not.toMatch(/Globex/);
  });
});

describe('writing', () => {
  it('refuses a forged save of another client\'s contact and leaves it untouched', async () => {
    const before = h.sandbox.store.getContactRow(sallyJones.id);
    const from = h.logLines.length;
    const forged = { contactId: sallyJones.id, version: versionOf(sallyJones), name: sallyJones.name, email: sallyJones.email, title: 'Forged' };
    for (const verb of ['contact.save', 'contact.forceSave']) {
      expect(textOf(await h.execute(verb, forged))).toMatch(/not found|no contact/i);
    }
    expect(h.sandbox.store.getContactRow(sallyJones.id)).toEqual(before);
    expect(auditLines(h.logLines, from).map((a) => a.result)).toEqual(['notFound', 'notFound']);
  });

  it('refuses a forged create in another client and creates nothing', async () => {
    const count = h.sandbox.store.countContacts();
    const card = await h.execute('contact.create', {
      formId: 'forged-create-1',
      clientId: String(sallyJones.clientId),
      name: 'Forged Globex Person',
      email: 'forged.person@globex.example',
    });
    expect(textOf(card)).toMatch(/choose a client/i);
    expect(inputsOf(card).name?.value).toBe('Forged Globex Person');
    expect(h.sandbox.store.countContacts()).toBe(count);
  });
});

describe('ITFlow\'s phone lookup leaks across clients; the service does not', () => {
  let sandbox: Sandbox;
  let dataDir: string;
  let restricted: ItflowClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'itflow-scope-'));
    sandbox = await startSandbox({ dataDir, seed: 'demo' });
    restricted = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.restrictedKey, readRetries: 0 });
  });
  afterAll(async () => {
    await restricted?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('drops the other client\'s row the key leaks by mobile while the directory is still loading', async () => {
    const everyone = await allContacts(sandbox.url, sandbox.adminKey);
    const foreign = everyone.find((c) => c.clientId !== sandbox.restrictedClientId && c.mobile !== '' && c.archivedAt === null)!;
    // The leak is real: a key restricted to one client reads another client's contact by mobile.
    expect((await restricted.findContactByPhone(foreign.mobile))?.id).toBe(foreign.id);

    const service = new ContactService(restricted, loadingDirectory(), oneInstanceWrites(), { allowedClientIds: [sandbox.restrictedClientId] });
    const found = await service.find({ kind: 'phone', digits: foreign.mobile });
    expect(found.hits).toEqual([]);
    expect(found.strong).toBeNull();
    expect(await service.get(foreign.id)).toBeNull();
  });
});
