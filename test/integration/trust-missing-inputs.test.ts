import { EDIT_INPUT_NAMES } from '../../src/contacts/contact-form';
import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/contacts/contact';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { BotHarness } from '../support/bot-harness';
import { actionTitled, formValues, inputsOf, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { invoke, submit } from '../support/teams-activities';
import { auditLines } from '../support/trust-kit';

/**
 * Finding 2 of issue 9: a missing input is not an empty one. Some Teams clients omit inputs, and an old or forged
 * card can lack some; the bot must never write a field the user did not change. Each edit-form input is left out
 * in turn, against the latest ITFlow (a partial update) and the legacy one (which blanks what it is not sent when
 * its client lookup misses), and the row in the sandbox is compared column by column afterwards. Add submissions
 * without an optional input create the contact with ITFlow's defaults; without a required one they say so.
 */

type Row = Record<string, unknown>;

/** The ITFlow column each edit-form input is stored in. */
const COLUMN: Record<(typeof EDIT_INPUT_NAMES)[number], string> = {
  name: 'contact_name',
  title: 'contact_title',
  department: 'contact_department',
  email: 'contact_email',
  phone: 'contact_phone',
  extension: 'contact_extension',
  mobile: 'contact_mobile',
  notes: 'contact_notes',
  locationId: 'contact_location_id',
  primary: 'contact_primary',
  important: 'contact_important',
  billing: 'contact_billing',
  technical: 'contact_technical',
};

/** Every column but those named is exactly as before. */
function expectUnchangedExcept(before: Row, after: Row, changed: readonly string[]): void {
  const keep = Object.keys(before).filter((k) => !changed.includes(k));
  expect(keep.map((k) => [k, after[k]])).toEqual(keep.map((k) => [k, before[k]]));
}

describe.each(['latest', 'legacy'] as const)('%s ITFlow', (flavor) => {
  let sandbox: Sandbox;
  let h: BotHarness;
  let itflow: ItflowClient;
  let sally: Contact;

  const rowOf = (id: number): Row => {
    const row = sandbox.legacy?.contactRow(id) ?? sandbox.store.getContactRow(id);
    if (row === null) throw new Error(`no contact ${id}`);
    return row;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ flavor, seed: 'demo', dataDir: null });
    h = await BotHarness.start({ itflow: { sandbox } });
    itflow = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey });
    const found = (await itflow.listContacts({ limit: 500, offset: 0 })).find((c) => c.name === 'Sally Smith');
    if (found === undefined) throw new Error('no Sally Smith');
    // Every field set and every flag on, so a field read as empty / off / no location would show.
    sandbox.store.updateContactRaw(found.id, { contact_technical: 1 });
    sally = found;
  });
  afterAll(async () => {
    await itflow?.close();
    await h?.stop();
    await sandbox?.close();
  });

  async function editForm(): Promise<CardJson> {
    return h.execute('contact.edit', { contactId: sally.id });
  }

  /** The Save button's data with the form's inputs, as a client that drops the named inputs sends it. */
  function saveData(form: CardJson, typed: Record<string, string>, drop: readonly string[]): Record<string, unknown> {
    const data: Record<string, unknown> = { ...actionTitled(form, 'Save').data, ...formValues(form, typed) };
    for (const input of drop) delete data[input];
    return data;
  }

  describe('an edit submission with one input missing', () => {
    it('starts from a contact with every field set', () => {
      const row = rowOf(sally.id);
      for (const column of Object.values(COLUMN)) expect([column, ['', 0, '0', null].includes(row[column] as string)]).toEqual([column, false]);
    });

    it.each(EDIT_INPUT_NAMES)('without %s: only the typed field changes, the missing one and all others stay', async (missing) => {
      const edited = missing === 'title' ? 'department' : 'title';
      const value = `Typed without ${missing}`;
      const before = rowOf(sally.id);
      const form = await editForm();
      const card = await h.execute('contact.save', saveData(form, { [edited]: value }, [missing]));

      expect(textOf(card)).toContain(`Saved by`);
      expect(textOf(card)).toContain(value);
      const after = rowOf(sally.id);
      expect(after[COLUMN[edited]]).toBe(value);
      expectUnchangedExcept(before, after, [COLUMN[edited], 'contact_updated_at']);
      const [line] = auditLines(h.logLines).slice(-1);
      expect([line?.result, line?.changedFields, line?.attemptedFields]).toEqual(['saved', [edited], [edited]]);
    });

    it('with only name, email, title and the version token (the reported case): only the title changes', async () => {
      const before = rowOf(sally.id);
      const form = await editForm();
      const { verb, contactId, version } = actionTitled(form, 'Save').data ?? {};
      const card = await h.execute(String(verb), { verb, contactId, version, name: sally.name, email: sally.email, title: 'Only the title' });
      expect(textOf(card)).toMatch(/Saved by .*: Title\./);
      const after = rowOf(sally.id);
      expect(after.contact_title).toBe('Only the title');
      expectUnchangedExcept(before, after, ['contact_title', 'contact_updated_at']);
    });

    it('the same through Action.Submit (clients without Universal Actions)', async () => {
      const before = rowOf(sally.id);
      const form = await editForm();
      const { version } = actionTitled(form, 'Save').data ?? {};
      const sent = h.connector.calls.length;
      const { status } = await h.post(submit({ verb: 'contact.save', contactId: sally.id, version, notes: 'Submitted alone' }, h.opts()));
      expect(status).toBe(200);
      const cards = h.connector.calls.slice(sent).flatMap((c) => cardsOf(c.activity));
      expect(cards.map(textOf).join('\n')).toMatch(/Saved by .*: Notes\./);
      const after = rowOf(sally.id);
      expect(after.contact_notes).toBe('Submitted alone');
      expectUnchangedExcept(before, after, ['contact_notes', 'contact_updated_at']);
    });

    it('with no inputs at all: "No changes", nothing written', async () => {
      const before = rowOf(sally.id);
      const form = await editForm();
      const card = await h.execute('contact.save', saveData(form, {}, EDIT_INPUT_NAMES));
      expect(textOf(card)).toMatch(/no changes/i);
      expect(rowOf(sally.id)).toEqual(before);
    });

    it('a present empty value is a change: the department is cleared, nothing else', async () => {
      const before = rowOf(sally.id);
      const form = await editForm();
      await h.execute('contact.save', saveData(form, { department: '' }, ['notes', 'mobile', 'primary']));
      const after = rowOf(sally.id);
      expect(after.contact_department).toBe('');
      expectUnchangedExcept(before, after, ['contact_department', 'contact_updated_at']);
    });

    it('a missing name is "unchanged", not "Name is required"; an error elsewhere keeps everything typed', async () => {
      const before = rowOf(sally.id);
      const form = await editForm();
      const card = await h.execute('contact.save', saveData(form, { email: 'not-an-email', title: 'Typed title' }, ['name']));
      const text = textOf(card);
      expect(text).toMatch(/email does not look like an address/i);
      expect(text).not.toMatch(/name is required/i);
      const inputs = inputsOf(card);
      expect([inputs.name?.value, inputs.email?.value, inputs.title?.value]).toEqual([String(before.contact_name), 'not-an-email', 'Typed title']);
      expect(rowOf(sally.id)).toEqual(before);
    });
  });

  describe('an add submission', () => {
    let clientId: number;
    let locationId: number;
    const typed = (label: string): Record<string, string> => ({
      clientId: String(clientId),
      name: `Added ${label}`,
      email: `added.${label.toLowerCase()}.${flavor}@example.com`,
      title: 'Typed title',
      department: 'Typed department',
      phone: '(555) 010-1234',
      extension: '12',
      mobile: '555.010.5678',
      notes: 'Typed notes',
      locationId: String(locationId),
      // primary stays off: turning it on would (rightly) clear the client's other primary contact in latest.
      primary: 'false',
      important: 'true',
      billing: 'true',
      technical: 'true',
    });
    const expected = { title: 'Typed title', department: 'Typed department', phone: '5550101234', extension: '12', mobile: '5550105678', notes: 'Typed notes', primary: false, important: true, billing: true, technical: true };
    const DEFAULTS = { title: '', department: '', phone: '', extension: '', mobile: '', notes: '', locationId: 0, primary: false, important: false, billing: false, technical: false };

    beforeAll(async () => {
      clientId = sally.clientId;
      const location = (await itflow.listLocations()).find((l) => l.clientId === clientId && l.archivedAt === null);
      if (location === undefined) throw new Error('no location');
      locationId = location.id;
    });

    async function add(data: Record<string, string>): Promise<CardJson> {
      const form = await h.ask('add contact');
      return h.execute('contact.create', { ...actionTitled(form, /^add/i).data, ...data });
    }

    it.each(Object.keys(DEFAULTS))('without %s: created, with the default for it and everything else as typed', async (missing) => {
      const data = typed(`without-${missing}`);
      delete data[missing];
      const count = sandbox.store.countContacts();
      const card = await add(data);
      expect(textOf(card)).toMatch(/Added to ITFlow/);
      expect(sandbox.store.countContacts()).toBe(count + 1);
      const id = Number(actionTitled(card, 'Edit').data?.contactId);
      const created = await itflow.getContact(id);
      expect(created).toMatchObject({ ...expected, locationId, [missing]: DEFAULTS[missing as keyof typeof DEFAULTS], name: data.name, email: data.email, clientId });
    });

    it.each([
      ['name', /name is required/i],
      ['email', /email is required/i],
      ['clientId', /client is required/i],
    ])('without %s: says it is required, keeps what was typed, creates nothing', async (missing, wording) => {
      const data = typed(`missing-${missing}`);
      delete data[missing];
      const count = sandbox.store.countContacts();
      const card = await add(data);
      expect(textOf(card)).toMatch(wording);
      expect(inputsOf(card).notes?.value).toBe('Typed notes');
      expect(sandbox.store.countContacts()).toBe(count);
    });

    it('from the message-extension dialog, with only name, email and client: created with defaults', async () => {
      const data = { verb: 'contact.create', formId: `dialog-${flavor}`, name: 'Dialog Minimal', email: `dialog.minimal.${flavor}@example.com`, clientId: String(clientId) };
      const { status, body } = await h.post(invoke('composeExtension/submitAction', { commandId: 'newContact', data }, h.opts('channel')));
      expect(status).toBe(200);
      const attachments = (body as { composeExtension?: { attachments?: Array<{ content: CardJson }> } }).composeExtension?.attachments ?? [];
      expect(attachments).toHaveLength(1);
      expect(textOf(attachments[0]!.content)).toMatch(/Added to ITFlow/);
      const created = (await itflow.findContactsByEmail(data.email))[0];
      expect(created).toMatchObject({ ...DEFAULTS, name: 'Dialog Minimal', clientId });
    });
  });
});
