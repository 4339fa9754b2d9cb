import type { Contact } from '../../src/contacts/contact';
import { BotHarness } from '../support/bot-harness';
import { inputsOf, textOf } from '../support/card-inspect';
import { TESS } from '../support/teams-activities';
import { sandboxRequests } from '../support/trust-kit';
import { contactNamed } from '../support/contacts';

/**
 * Two people saving the same contact at once: one wins, the other sees a conflict, nobody's change vanishes.
 * A double-clicked Save or Add writes exactly once. Writes are counted at the sandbox.
 */

const PAT = { id: '29:1pat-partner', name: 'Pat Partner', aadObjectId: '22222222-3333-4444-8555-666666666666' };
const ROUNDS = 8;

let h: BotHarness;
let lostUpdates = 0;
let duplicates = 0;

beforeAll(async () => {
  h = await BotHarness.start();
});
afterAll(async () => {
  await h?.stop();
  process.stdout.write(`trust-concurrency: ${lostUpdates} lost updates, ${duplicates} duplicates\n`);
});

describe('two people saving the same contact from the same form at once', () => {
  let target: Contact;
  beforeAll(async () => {
    target = await contactNamed(h, 'Priya Patel');
  });

  it.each(Array.from({ length: ROUNDS }, (_, i) => i))('round %i: one saved, the other gets a conflict, nothing overwritten silently', async (round) => {
    const form = await h.execute('contact.edit', { contactId: target.id });
    const writesBefore = sandboxRequests(h.logLines, 'POST', 'contacts/update.php');
    const mine = `Tess title ${round}`;
    const theirs = `Pat title ${round}`;
    const [a, b] = await Promise.all([
      h.click(form, 'Save', { title: mine }, { from: TESS }),
      h.click(form, 'Save', { title: theirs }, { from: PAT }),
    ]);
    const answers = [textOf(a), textOf(b)];
    const saved = answers.filter((t) => /Saved by/.test(t));
    const conflicts = answers.filter((t) => /conflict|changed/i.test(t) && !/Saved by/.test(t));
    expect([saved.length, conflicts.length]).toEqual([1, 1]);

    const stored = (h.sandbox.store.getContactRow(target.id) as Record<string, unknown>).contact_title;
    const winner = /Saved by Tess/.test(saved[0]!) ? mine : theirs;
    const loser = winner === mine ? theirs : mine;
    if (stored !== winner) lostUpdates++;
    expect(stored).toBe(winner);
    // The loser's card shows ITFlow's value next to theirs, with their typed value kept.
    const conflictCard = winner === mine ? b : a;
    expect(textOf(conflictCard)).toContain(winner);
    expect(JSON.stringify(conflictCard)).toContain(loser);
    expect(sandboxRequests(h.logLines, 'POST', 'contacts/update.php') - writesBefore).toBe(1);
  });

  it('changes to different fields by two people still conflict rather than racing', async () => {
    const form = await h.execute('contact.edit', { contactId: target.id });
    const [a, b] = await Promise.all([
      h.click(form, 'Save', { department: 'Accounts' }, { from: TESS }),
      h.click(form, 'Save', { extension: '141' }, { from: PAT }),
    ]);
    const texts = [textOf(a), textOf(b)];
    expect(texts.filter((t) => /Saved by/.test(t))).toHaveLength(1);
    const row = h.sandbox.store.getContactRow(target.id) as Record<string, unknown>;
    // Exactly one of the two changes is in ITFlow, and the other person was told.
    expect([row.contact_department === 'Accounts', row.contact_extension === '141'].filter(Boolean)).toHaveLength(1);
  });
});

describe('double clicks', () => {
  it('Save clicked twice at once (same values) writes once', async () => {
    const target = await contactNamed(h, 'Dana Whitfield');
    const form = await h.execute('contact.edit', { contactId: target.id });
    const writesBefore = sandboxRequests(h.logLines, 'POST', 'contacts/update.php');
    const [a, b] = await Promise.all([h.click(form, 'Save', { title: 'HR Lead' }), h.click(form, 'Save', { title: 'HR Lead' })]);
    expect([textOf(a), textOf(b)].filter((t) => /Saved by/.test(t))).toHaveLength(1);
    expect([textOf(a), textOf(b)].filter((t) => /no changes/i.test(t))).toHaveLength(1);
    expect(sandboxRequests(h.logLines, 'POST', 'contacts/update.php') - writesBefore).toBe(1);
  });

  it('Add clicked three times at once writes once', async () => {
    const form = await h.ask('add contact');
    const clientId = inputsOf(form).clientId!.choices![0]!.value;
    const typed = { clientId, name: 'Triple Click', email: 'triple.click@example.com' };
    const count = h.sandbox.store.countContacts();
    const creates = sandboxRequests(h.logLines, 'POST', 'contacts/create.php');
    const answers = await Promise.all([h.click(form, /^add/i, typed), h.click(form, /^add/i, typed), h.click(form, /^add/i, typed)]);
    for (const card of answers) expect(textOf(card)).toMatch(/Added to ITFlow/);
    const created = h.sandbox.store.countContacts() - count;
    duplicates += Math.max(0, created - 1);
    expect(created).toBe(1);
    expect(sandboxRequests(h.logLines, 'POST', 'contacts/create.php') - creates).toBe(1);
  });

  it('two different Add forms with the same email at once: one contact, the other told it exists', async () => {
    const f1 = await h.ask('add contact');
    const f2 = await h.ask('add contact');
    const clientId = inputsOf(f1).clientId!.choices![0]!.value;
    const typed = { clientId, name: 'Same Email', email: 'same.email@example.com' };
    const count = h.sandbox.store.countContacts();
    const [a, b] = await Promise.all([h.click(f1, /^add/i, typed), h.click(f2, /^add/i, typed)]);
    const created = h.sandbox.store.countContacts() - count;
    duplicates += Math.max(0, created - 1);
    expect(created).toBe(1);
    expect([textOf(a), textOf(b)].filter((t) => /already has this email/.test(t))).toHaveLength(1);
  });
});
