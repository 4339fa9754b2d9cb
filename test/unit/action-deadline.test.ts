import { runActionWithin } from '../../src/bot/actions';
import type { TurnScope } from '../../src/bot/turn-scope';
import { versionOf } from '../../src/contacts/contact';
import { ContactDirectory } from '../../src/contacts/directory';
import { ContactService } from '../../src/contacts/contact-service';
import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/itflow/types';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { inputsOf, textOf } from '../support/card-inspect';
import { turnScopeFor } from '../support/turn-scope';
import { oneInstanceWrites } from '../support/shared-writes';

/** Teams waits 5 s for a card action: a slow ITFlow must not cost the user the form they filled in. */
let sandbox: Sandbox;
let api: ItflowClient;
let directory: ContactDirectory;
let scope: TurnScope;
let sally: Contact;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
  // The client would wait far longer than the deadline: the deadline, not a timeout, must answer.
  api = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey, timeoutMs: 20_000, readRetries: 0 });
  directory = new ContactDirectory(api, { refreshSeconds: 3600 });
  directory.start();
  await directory.whenReady();
  scope = turnScopeFor(new ContactService(api, directory, oneInstanceWrites()));
  sally = (await api.findContactsByEmail('sally@acme.example'))[0]!;
});

afterAll(async () => {
  await directory.stop();
  // Ends the requests the "hang" fault holds; the actions still running in the background then fail quietly.
  await sandbox.close();
  await api.close();
});

it('answers a Save that ITFlow is slow to take with the form, the typed values and a note', async () => {
  sandbox.faults.set({ mode: 'hang', paths: ['contacts/update.php'] });
  const data = { verb: 'contact.save', contactId: String(sally.id), version: versionOf(sally), name: sally.name, email: sally.email, title: 'Typed while ITFlow hangs' };
  const reply = await runActionWithin(200, 'contact.save', data, scope);
  expect(textOf(reply.card)).toMatch(/slow to answer/i);
  expect(inputsOf(reply.card).title?.value).toBe('Typed while ITFlow hangs');
  expect(inputsOf(reply.card).name?.value).toBe(sally.name);
});

it('answers an Add that ITFlow is slow to take with the same form, so a second click is safe', async () => {
  sandbox.faults.set({ mode: 'hang', paths: ['contacts/read.php', 'contacts/create.php'] });
  const data = { verb: 'contact.create', formId: 'form-slow', clientId: String(sally.clientId), name: 'Slow Sam', email: 'slow.sam@acme.example' };
  const reply = await runActionWithin(200, 'contact.create', data, scope);
  expect(textOf(reply.card)).toMatch(/slow to answer/i);
  expect(inputsOf(reply.card).name?.value).toBe('Slow Sam');
  expect(JSON.stringify(reply.card)).toContain('form-slow');
});

it('answers within the deadline with a retry for a slow read', async () => {
  sandbox.faults.set({ mode: 'hang', paths: ['contacts/read.php'] });
  const reply = await runActionWithin(200, 'contact.view', { verb: 'contact.view', contactId: sally.id }, scope);
  expect(textOf(reply.card)).toMatch(/slow to answer/i);
  expect(JSON.stringify(reply.card)).toContain('"verb":"contact.view"');
});

it('passes a quick answer through unchanged', async () => {
  sandbox.faults.clear();
  const reply = await runActionWithin(5_000, 'contact.view', { verb: 'contact.view', contactId: sally.id }, scope);
  expect(textOf(reply.card)).toContain(sally.name);
  expect(textOf(reply.card)).not.toMatch(/slow to answer/i);
});
