import type { Contact } from '../../src/contacts/contact';
import { BotHarness } from '../support/bot-harness';
import { inputsOf, textOf } from '../support/card-inspect';
import { TENANT_ID, TESS } from '../support/teams-activities';
import { auditLines, type AuditLine } from '../support/trust-kit';
import { contactNamed } from '../support/contacts';

/**
 * Every write attempt — saved, refused, failed or answered otherwise — is one structured "audit" log line naming
 * the Teams user (channel id, object id, name, tenant), the contact, the field names and the result. Values
 * typed into the forms are not in it. Reads are not audited.
 */

const NORA = { id: '29:1nora-nobody', name: 'Nora Nobody', aadObjectId: '11111111-2222-4333-8444-555555555555' };
const TESS_AUDITED = { id: TESS.id, aadObjectId: TESS.aadObjectId, name: TESS.name, tenantId: TENANT_ID };

let h: BotHarness;
let target: Contact;

beforeAll(async () => {
  h = await BotHarness.start({ env: { EDITOR_IDS: TESS.aadObjectId } });
  target = await contactNamed(h, 'Linda Nguyen');
});
afterEach(() => h.sandbox.faults.clear());
afterAll(async () => {
  await h?.stop();
});

/** Runs the step and returns the audit lines it produced (and the raw log lines, to look for values). */
async function audited(step: () => Promise<unknown>): Promise<{ lines: AuditLine[]; raw: string }> {
  const from = h.logLines.length;
  await step();
  const raw = h.logLines.slice(from).filter((l) => l.includes('"msg":"audit"')).join('\n');
  return { lines: auditLines(h.logLines, from), raw };
}

it('a saved update: who, which contact, which fields, no values', async () => {
  const form = await h.execute('contact.edit', { contactId: target.id });
  const { lines, raw } = await audited(() => h.click(form, 'Save', { title: 'Chief Executive Zq', mobile: '+1 555 222 3333' }));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 'info', action: 'update', contactId: target.id, result: 'saved', changedFields: ['title', 'mobile'], attemptedFields: ['title', 'mobile'] });
  expect(lines[0]!.user).toEqual({ ...TESS_AUDITED, upn: null });
  expect(raw).not.toContain('Zq');
  expect(raw).not.toContain('2223333');
});

it('unchanged, conflict, forced, invalid: one line each, with the fields the user meant to change', async () => {
  const form = await h.execute('contact.edit', { contactId: target.id });
  const unchanged = await audited(() => h.click(form, 'Save'));
  h.sandbox.store.updateContactRaw(target.id, { contact_notes: 'Edited in ITFlow' });
  let conflictCard: Awaited<ReturnType<typeof h.click>> | null = null;
  const conflict = await audited(async () => (conflictCard = await h.click(form, 'Save', { department: 'Board' })));
  const forced = await audited(() => h.click(conflictCard!, /anyway/i));
  const invalid = await audited(() => h.click(form, 'Save', { email: 'not an email' }));
  expect([unchanged, conflict, forced, invalid].map(({ lines }) => lines.map((l) => [l.action, l.result, l.changedFields, l.attemptedFields]))).toEqual([
    [['update', 'unchanged', [], []]],
    [['update', 'conflict', [], ['department']]],
    [['update (forced)', 'saved', ['department'], ['department']]],
    [['update', 'invalid', [], []]],
  ]);
  expect(conflict.lines[0]!.contactId).toBe(target.id);
});

it('failed writes say how, without details; an unknown outcome says so', async () => {
  const form = await h.execute('contact.edit', { contactId: target.id });
  h.sandbox.faults.set({ mode: 'error500' });
  const failed = await audited(() => h.click(form, 'Save', { extension: '199' }));
  h.sandbox.faults.set({ mode: 'afterWrite500', paths: ['contacts/update.php'], count: 1 });
  const unknown = await audited(() => h.click(form, 'Save', { extension: '199' }));
  expect(failed.lines).toMatchObject([{ action: 'update', result: 'failed', reason: 'ItflowUnavailableError', attemptedFields: ['extension'] }]);
  expect(unknown.lines).toMatchObject([
    { action: 'update', result: 'failed', reason: 'ItflowUnavailableError (outcome unknown)', attemptedFields: ['extension'] },
  ]);
  expect(failed.raw + unknown.raw).not.toMatch(/127\.0\.0\.1|api_key|HTTP 500/);
});

it('creates and duplicates name the new or existing contact and the fields filled in', async () => {
  const form = await h.ask('add contact');
  const clientId = inputsOf(form).clientId!.choices![0]!.value;
  const created = await audited(() => h.click(form, /^add/i, { clientId, name: 'Audit Person', email: 'audit.person@example.com', department: 'Audit' }));
  const newId = Number(created.lines[0]?.contactId);
  expect(created.lines).toMatchObject([
    {
      action: 'create',
      result: 'created',
      changedFields: ['clientId', 'name', 'department', 'email'],
      attemptedFields: ['clientId', 'name', 'department', 'email'],
      user: { aadObjectId: TESS.aadObjectId, name: TESS.name },
    },
  ]);
  expect((h.sandbox.store.getContactRow(newId) as Record<string, unknown>).contact_name).toBe('Audit Person');
  expect(created.raw).not.toContain('audit.person@example.com');

  const duplicate = await audited(() => h.click(form, /^add/i, { clientId, name: 'Audit Person', email: 'audit.person@example.com' }));
  // The same form again answers with its first outcome: no second write, and the line says created again.
  expect(duplicate.lines.map((l) => [l.result, l.contactId])).toEqual([['created', newId]]);
  const other = await audited(async () => h.click(await h.ask('add contact'), /^add/i, { clientId, name: 'Audit Twin', email: 'audit.person@example.com' }));
  expect(other.lines.map((l) => [l.result, l.contactId, l.changedFields])).toEqual([['duplicate', newId, []]]);
});

it('refused attempts by a non-editor are audited with the user and what they tried', async () => {
  const form = await h.execute('contact.edit', { contactId: target.id });
  const refused = await audited(() => h.click(form, 'Save', { title: 'Nora was here' }, { from: NORA }));
  expect(refused.lines).toMatchObject([
    {
      action: 'contact.save',
      result: 'refused',
      contactId: target.id,
      changedFields: [],
      attemptedFields: ['title'],
      user: { id: NORA.id, aadObjectId: NORA.aadObjectId, name: NORA.name, tenantId: TENANT_ID },
    },
  ]);
  expect(textOf(await h.execute('contact.view', { contactId: target.id }, { from: NORA }))).toContain('Linda Nguyen');
});

it('reads are not audited', async () => {
  const { lines } = await audited(async () => {
    await h.ask('find linda');
    await h.execute('contact.view', { contactId: target.id });
    await h.execute('contact.edit', { contactId: target.id });
  });
  expect(lines).toEqual([]);
});
