import { existsSync } from 'node:fs';
import path from 'node:path';
import { BotHarness } from '../support/bot-harness';
import { inputsOf, textOf } from '../support/card-inspect';
import { addFormInput, contactIdOf, storeHealth } from '../support/bot-instances';
import { sandboxRequests } from '../support/trust-kit';

/**
 * The default store, with nothing configured: a SQLite file in DATA_DIR. One instance, restarted on the same
 * data directory, remembers what its add forms did: a form's contact, and a create whose outcome was unknown.
 */

let h: BotHarness;

beforeAll(async () => {
  h = await BotHarness.start({ env: { ITFLOW_TIMEOUT_MS: '400' } });
});
afterAll(async () => {
  await h?.stop();
});

it('is the embedded SQLite store in DATA_DIR, reported up on /healthz', async () => {
  const report = await storeHealth(h);
  expect([report.status, report.kind, report.state]).toEqual([200, 'sqlite', 'up']);
  expect(existsSync(path.join(h.stateDir, 'bot-state.sqlite'))).toBe(true);
});

it('restarted between two clicks on Add: one contact, and the second click answers with it', async () => {
  const form = await h.ask('add contact');
  const typed = addFormInput(form, 'Sqlite Restart', 'sqlite.restart@example.com');
  const count = h.sandbox.store.countContacts();
  const first = await h.click(form, /^add/i, typed);
  expect(textOf(first)).toMatch(/Added to ITFlow/);

  await h.restart();
  const again = await h.click(form, /^add/i, typed);
  expect(textOf(again)).toMatch(/Added to ITFlow/);
  expect(contactIdOf(again)).toBe(contactIdOf(first));
  expect(h.sandbox.store.countContacts()).toBe(count + 1);
});

it('restarted after a create whose answer was lost: Add again takes the contact found by email as its own', async () => {
  const form = await h.ask('add contact');
  const typed = { ...addFormInput(form, 'Lost Then Restarted', 'lost.then.restarted@example.com'), title: 'Typed' };
  const count = h.sandbox.store.countContacts();
  h.sandbox.faults.set([
    { mode: 'afterWriteHang', paths: ['contacts/create.php'], count: 1 },
    { mode: 'error500', paths: ['contacts/read.php'] },
  ]);
  const unknown = await h.click(form, /^add/i, typed);
  expect(textOf(unknown)).toMatch(/cannot tell whether the change was stored/);
  expect(inputsOf(unknown).title?.value).toBe('Typed');
  expect(h.sandbox.store.countContacts()).toBe(count + 1);

  await h.restart();
  const creates = sandboxRequests(h.logLines, 'POST', 'contacts/create.php');
  const retried = await h.click(unknown, /^add/i);
  expect(textOf(retried)).toMatch(/Added to ITFlow/);
  expect(textOf(retried)).not.toMatch(/already has this email/);
  expect(h.sandbox.store.countContacts()).toBe(count + 1);
  expect(sandboxRequests(h.logLines, 'POST', 'contacts/create.php')).toBe(creates);
});
