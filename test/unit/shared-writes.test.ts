import { runAction } from '../../src/bot/actions';
import type { TurnScope } from '../../src/bot/turn-scope';
import { versionOf } from '../../src/contacts/contact';
import { ContactDirectory } from '../../src/contacts/directory';
import { ContactService } from '../../src/contacts/contact-service';
import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/itflow/types';
import { silentLogger } from '../../src/logger';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { STORE_KEYS } from '../../src/store';
import { SqliteStore } from '../../src/store/sqlite-store';
import { inputsOf, textOf } from '../support/card-inspect';
import { turnScopeFor } from '../support/turn-scope';

/**
 * The writers honour what another instance holds in the shared store: a contact's lock, an add form's pending
 * claim and its recorded outcome. The "other instance" here is the test, acting on the same store directly.
 */
let sandbox: Sandbox;
let api: ItflowClient;
let directory: ContactDirectory;
let store: SqliteStore;
let scope: TurnScope;
let sally: Contact;
const announced: Contact[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
  api = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey });
  directory = new ContactDirectory(api, { refreshSeconds: 3600 });
  directory.start();
  await directory.whenReady();
  store = new SqliteStore({ file: null, logger: silentLogger });
  // Waiting for another holder is cut short so the test sees what happens when it does not let go.
  const shared = { store, timing: { leaseMs: 5000, waitMs: 150 }, announce: async (contact: Contact) => void announced.push(contact) };
  scope = turnScopeFor(new ContactService(api, directory, shared));
  sally = (await api.findContactsByEmail('sally@acme.example'))[0]!;
});
afterAll(async () => {
  await directory.stop();
  await api.close();
  await sandbox.close();
  await store.close();
});
beforeEach(() => {
  announced.length = 0;
});

it('does not save a contact another instance is saving, keeps the form, and saves once the lock is free', async () => {
  const held = (await store.acquire(STORE_KEYS.contactLock(sally.id), 60_000, 0))!;
  const data = { contactId: String(sally.id), version: versionOf(sally), name: sally.name, email: sally.email, title: 'Waited for the lock' };
  const refused = await runAction('contact.save', data, scope);
  expect(textOf(refused.card)).toMatch(/Another save of this contact is still in progress/);
  expect(inputsOf(refused.card).title?.value).toBe('Waited for the lock');
  expect(sandbox.store.getContactRow(sally.id)).toMatchObject({ contact_title: sally.title });
  expect(announced).toEqual([]);

  await held.release();
  const saved = await runAction('contact.save', data, scope);
  expect(textOf(saved.card)).toMatch(/Saved by/);
  expect(sandbox.store.getContactRow(sally.id)).toMatchObject({ contact_title: 'Waited for the lock' });
  expect(announced.map((c) => [c.id, c.title])).toEqual([[sally.id, 'Waited for the lock']]);
});

it('does not create what another instance is creating for the same form, and answers with its outcome once recorded', async () => {
  const formId = 'form-on-another-instance';
  const claim = await store.claim(STORE_KEYS.createForm(formId), 60_000);
  expect(claim.state).toBe('claimed');
  const count = sandbox.store.countContacts();
  const data = { formId, clientId: String(sally.clientId), name: 'Second Click', email: 'second.click@acme.example' };
  const pending = await runAction('contact.create', data, scope);
  expect(textOf(pending.card)).toMatch(/still being added by an earlier click/);
  expect(inputsOf(pending.card).name?.value).toBe('Second Click');
  expect(sandbox.store.countContacts()).toBe(count);

  // The other instance finishes: its outcome is what every later click of this form answers with.
  await store.complete(STORE_KEYS.createForm(formId), JSON.stringify({ kind: 'created', contact: sally, readBack: 'ok' }), 60_000);
  const answered = await runAction('contact.create', data, scope);
  expect(textOf(answered.card)).toMatch(/Added to ITFlow/);
  expect(textOf(answered.card)).toContain(sally.name);
  expect(sandbox.store.countContacts()).toBe(count);
});

it('announces a created contact to the other instances, once', async () => {
  const data = { formId: 'form-announced', clientId: String(sally.clientId), name: 'Announced Anna', email: 'announced.anna@acme.example' };
  expect(textOf((await runAction('contact.create', data, scope)).card)).toMatch(/Added to ITFlow/);
  expect(textOf((await runAction('contact.create', data, scope)).card)).toMatch(/Added to ITFlow/);
  expect(announced.map((c) => c.email)).toEqual(['announced.anna@acme.example']);
});
