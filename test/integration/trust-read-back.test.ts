import type { Contact } from '../../src/contacts/contact';
import type { FaultSpec } from '../../src/sandbox/faults';
import { BotHarness } from '../support/bot-harness';
import { actionTitled, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { invoke } from '../support/teams-activities';
import { auditLines, sandboxRequests } from '../support/trust-kit';
import { contactNamed } from '../support/contacts';

/**
 * Finding 3 of issue 9: ITFlow confirms a create or an update, then the read-back that follows fails (a 500) or
 * hangs past the timeout. The write landed, so the user is told it is done (the contact as sent, marked as not
 * yet re-read), the audit line says saved/created with readBack 'failed', the directory holds what was sent,
 * and pressing Add again answers with the same contact instead of "already exists" or a second one.
 */

const READ_FAILURES = ['error500', 'hang'] as const;

/** Let one write through, then fail every contact read until cleared. */
function readBackFails(write: 'create' | 'update', mode: (typeof READ_FAILURES)[number]): FaultSpec[] {
  return [
    { mode: 'pass', paths: [`contacts/${write}.php`], count: 1 },
    { mode, paths: ['contacts/read.php'] },
  ];
}

describe('ITFlow confirms a write, then the read-back fails', () => {
  let h: BotHarness;
  let sally: Contact;
  let acme: number;

  beforeAll(async () => {
    h = await BotHarness.start({ env: { ITFLOW_TIMEOUT_MS: '400' } });
    sally = await contactNamed(h, 'Sally Smith');
    acme = sally.clientId;
  });
  afterEach(() => h.sandbox.faults.clear());
  afterAll(async () => {
    await h?.stop();
  });

  it.each(READ_FAILURES)('update, read-back %s: "saved" for everyone, audited as saved, the directory updated; Save again is a no-op', async (mode) => {
    const department = `Read-back ${mode}`;
    const form = await h.execute('contact.edit', { contactId: sally.id });
    const logFrom = h.logLines.length;
    h.sandbox.faults.set(readBackFails('update', mode));
    h.connector.clear();

    const card = await h.click(form, 'Save', { department }, { replyToId: `card-${mode}` });
    const text = textOf(card);
    expect(text).toMatch(/Saved by Tess Tech: Department\. Not yet re-read from ITFlow/);
    expect(text).toContain(department);
    expect(text).not.toMatch(/Nothing was changed|not answering/);
    expect((h.sandbox.store.getContactRow(sally.id) as Record<string, unknown>).contact_department).toBe(department);
    // The card is replaced for everyone in the conversation, as after any save.
    expect(h.connector.updates().map((u) => u.activityId)).toEqual([`card-${mode}`]);
    expect(textOf(cardsOf(h.connector.updates()[0]!.activity)[0]!)).toContain(department);

    const [line] = auditLines(h.logLines, logFrom);
    expect(line).toMatchObject({ action: 'update', contactId: sally.id, result: 'saved', readBack: 'failed', changedFields: ['department'], attemptedFields: ['department'] });
    expect(h.app.directory.get(sally.id)?.department).toBe(department);
    expect(h.sandbox.faults.remaining()).toBe(Number.POSITIVE_INFINITY);

    h.sandbox.faults.clear();
    const updates = sandboxRequests(h.logLines, 'POST', 'contacts/update.php');
    expect(textOf(await h.click(form, 'Save', { department }))).toMatch(/no changes/i);
    expect(sandboxRequests(h.logLines, 'POST', 'contacts/update.php')).toBe(updates);
  });

  it.each(READ_FAILURES)('create, read-back %s: "added", audited as created, findable; Add again answers with the same contact', async (mode) => {
    const typed = { clientId: String(acme), name: `Readback ${mode} Person`, email: `readback.${mode}@example.com`, title: 'Typed title' };
    const form = await h.ask('add contact');
    const add = actionTitled(form, /^add/i);
    const count = h.sandbox.store.countContacts();
    const logFrom = h.logLines.length;
    h.sandbox.faults.set(readBackFails('create', mode));

    const card = await h.execute('contact.create', { ...add.data, ...typed });
    expect(textOf(card)).toMatch(/Added to ITFlow by Tess Tech\. Not yet re-read from ITFlow/);
    expect(textOf(card)).toContain(typed.name);
    expect(textOf(card)).toContain('Typed title');
    expect(h.sandbox.store.countContacts()).toBe(count + 1);
    const id = Number(actionTitled(card, 'Edit').data?.contactId);
    expect((h.sandbox.store.getContactRow(id) as Record<string, unknown>).contact_email).toBe(typed.email);

    const [line] = auditLines(h.logLines, logFrom);
    expect(line).toMatchObject({ action: 'create', contactId: id, result: 'created', readBack: 'failed' });
    // The directory has it: a find (answered from the directory) shows it while ITFlow's reads still fail.
    expect(textOf(await h.ask(`find ${typed.name}`))).toContain(typed.email);

    // Add pressed again on the same form, reads still failing: the same contact, nothing created.
    const creates = sandboxRequests(h.logLines, 'POST', 'contacts/create.php');
    const again = await h.execute('contact.create', { ...add.data, ...typed });
    expect(textOf(again)).toMatch(/Added to ITFlow/);
    expect(textOf(again)).not.toMatch(/already has this email/);
    expect(Number(actionTitled(again, 'Edit').data?.contactId)).toBe(id);

    // Once ITFlow reads again, the same press shows the contact as ITFlow has it.
    h.sandbox.faults.clear();
    const reread = await h.execute('contact.create', { ...add.data, ...typed });
    expect(textOf(reread)).toMatch(/Added to ITFlow by Tess Tech\.$/m);
    expect(Number(actionTitled(reread, 'Edit').data?.contactId)).toBe(id);
    expect(h.sandbox.store.countContacts()).toBe(count + 1);
    expect(sandboxRequests(h.logLines, 'POST', 'contacts/create.php')).toBe(creates);
  });

  it('create from the message-extension dialog, read-back failing: the contact card to insert, marked as not yet re-read', async () => {
    const data = { verb: 'contact.create', formId: 'dialog-read-back', clientId: String(acme), name: 'Dialog Readback', email: 'dialog.readback@example.com' };
    const count = h.sandbox.store.countContacts();
    h.sandbox.faults.set(readBackFails('create', 'error500'));
    const { status, body } = await h.post(invoke('composeExtension/submitAction', { commandId: 'newContact', data }, h.opts('channel')));
    expect(status).toBe(200);
    const attachments = (body as { composeExtension?: { attachments?: Array<{ content: CardJson }> } }).composeExtension?.attachments ?? [];
    expect(attachments).toHaveLength(1);
    expect(textOf(attachments[0]!.content)).toMatch(/Added to ITFlow by .*Not yet re-read from ITFlow/);
    expect(h.sandbox.store.countContacts()).toBe(count + 1);
  });
});
