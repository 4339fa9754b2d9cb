import {
  applyForm,
  changedFields,
  EDITABLE_FIELDS,
  editableValuesOf,
  mergeUserChanges,
  formSnapshotOf,
  toWrite,
  unchangedSince,
  userEditOf,
  versionOf,
  type Contact,
} from '../../src/contacts/contact';
import { addFormSchema, editFormSchema, fieldErrorsOf, rawFormValues } from '../../src/contacts/contact-form';

const marcus: Contact = {
  id: 4,
  clientId: 1,
  name: "Marcus O'Brien",
  title: 'Senior Network Administrator',
  department: 'IT',
  email: 'marcus.obrien@acme.example',
  phone: '5551010100',
  extension: '140',
  mobile: '5559010104',
  phoneCountryCode: '1',
  mobileCountryCode: '1',
  notes: 'Says "don\'t page after 9pm".',
  primary: false,
  important: true,
  billing: false,
  technical: true,
  locationId: 1,
  authMethod: 'local',
  createdAt: '2026-11-27 10:55:43',
  updatedAt: null,
  archivedAt: null,
};

function formFrom(contact: Contact, overrides: Record<string, string> = {}) {
  const raw: Record<string, string> = {
    name: contact.name,
    title: contact.title,
    department: contact.department,
    email: contact.email,
    phone: contact.phone,
    extension: contact.extension,
    mobile: contact.mobile,
    notes: contact.notes,
    locationId: String(contact.locationId),
    primary: String(contact.primary),
    important: String(contact.important),
    billing: String(contact.billing),
    technical: String(contact.technical),
    ...overrides,
  };
  return editFormSchema.parse(raw);
}

describe('form parsing', () => {
  it('reads toggles as strings: only "true" is true', () => {
    const form = formFrom(marcus, { primary: 'false', important: 'true' });
    expect(form.primary).toBe(false);
    expect(form.important).toBe(true);
  });

  it('collects per-field messages', () => {
    const result = addFormSchema.safeParse({ name: ' ', email: 'nope', clientId: '', phone: 'call me' });
    expect(result.success).toBe(false);
    const errors = fieldErrorsOf(result.error!);
    expect(errors.name).toMatch(/required/);
    expect(errors.email).toMatch(/address/);
    expect(errors.clientId).toMatch(/required/);
    expect(errors.phone).toMatch(/digits/);
  });

  it('keeps the raw strings the user typed, ignoring card metadata', () => {
    expect(rawFormValues({ verb: 'contact.save', name: 'X', primary: 'true', locationId: 3, extra: 'y' })).toEqual({ name: 'X', primary: 'true', locationId: '3' });
  });
});

describe('merge and diff', () => {
  it('finds no change when only the formatting of a phone differs', () => {
    const next = applyForm(editableValuesOf(marcus), formFrom(marcus, { phone: '(555) 101-0100', title: '  Senior Network Administrator ' }));
    expect(changedFields(editableValuesOf(marcus), next)).toEqual([]);
  });

  it('reports exactly the fields that changed', () => {
    const next = applyForm(editableValuesOf(marcus), formFrom(marcus, { title: 'Architect', technical: 'false' }));
    expect(changedFields(editableValuesOf(marcus), next)).toEqual(['title', 'technical']);
  });

  it('writes the full field set and keeps the legacy auth method', () => {
    const write = toWrite(marcus, applyForm(editableValuesOf(marcus), formFrom(marcus, { notes: 'new' })));
    expect(write).toMatchObject({ name: "Marcus O'Brien", email: marcus.email, notes: 'new', locationId: 1, authMethod: 'local', important: true });
    expect(Object.keys(write).sort()).toEqual(
      ['authMethod', 'billing', 'department', 'email', 'extension', 'important', 'locationId', 'mobile', 'name', 'notes', 'phone', 'primary', 'technical', 'title'].sort(),
    );
  });

  it('changes the version token whenever the contact changes', () => {
    expect(versionOf(marcus)).toBe(versionOf({ ...marcus }));
    expect(versionOf({ ...marcus, title: 'x' })).not.toBe(versionOf(marcus));
    expect(versionOf({ ...marcus, updatedAt: '2026-11-27 11:00:00' })).not.toBe(versionOf(marcus));
  });
});

describe('version tokens and three-way merge', () => {
  it('round-trips the snapshot the form was built from', () => {
    const snapshot = formSnapshotOf(versionOf(marcus));
    expect(snapshot?.values.name).toBe("Marcus O'Brien");
    expect(snapshot?.values.notes).toBe(marcus.notes);
    expect(unchangedSince(snapshot!, marcus)).toBe(true);
    expect(unchangedSince(snapshot!, { ...marcus, updatedAt: '2026-11-28 09:00:00' })).toBe(false);
  });

  it('rejects tokens that are not ours', () => {
    for (const bad of ['', 'abc', 'v1.', 'v1.!!!!', `v1.${Buffer.from('{"id":1}').toString('base64url')}`, versionOf(marcus).slice(0, 20)]) {
      expect(formSnapshotOf(bad)).toBeNull();
    }
  });

  it("keeps someone else's newer values in fields the user did not touch", () => {
    const fresh = { ...marcus, title: 'Changed in ITFlow', updatedAt: '2026-11-28 09:00:00' };
    const edit = userEditOf(versionOf(marcus), marcus.id, formFrom(marcus, { notes: 'mine' }))!;
    expect(edit.fields).toEqual(['notes']);
    const next = mergeUserChanges(fresh, edit);
    expect(next.title).toBe('Changed in ITFlow');
    expect(next.notes).toBe('mine');
  });

  it('sees nothing to do when the same form is submitted after it was saved', () => {
    const edit = userEditOf(versionOf(marcus), marcus.id, formFrom(marcus, { title: 'Architect' }))!;
    const saved = { ...marcus, title: 'Architect', updatedAt: '2026-11-28 09:00:00' };
    expect(changedFields(editableValuesOf(saved), mergeUserChanges(saved, edit))).toEqual([]);
  });

  it('has no edit for a token that is not ours or is another contact\'s', () => {
    expect(userEditOf('v1.AAAA', marcus.id, {})).toBeNull();
    expect(userEditOf(versionOf(marcus), marcus.id + 1, { title: 'x' })).toBeNull();
  });
});

describe('missing inputs (finding 2)', () => {
  const full = (): Record<string, string> => ({
    name: marcus.name,
    title: marcus.title,
    department: marcus.department,
    email: marcus.email,
    phone: '(555) 101-0100',
    extension: marcus.extension,
    mobile: '(555) 901-0104',
    notes: marcus.notes,
    locationId: String(marcus.locationId),
    primary: String(marcus.primary),
    important: String(marcus.important),
    billing: String(marcus.billing),
    technical: String(marcus.technical),
  });

  it.each(EDITABLE_FIELDS)('an edit submission without %s leaves it unchanged and changes only what was typed', (missing) => {
    const raw: Record<string, string> = { ...full(), ...(missing === 'title' ? { notes: 'typed' } : { title: 'typed' }) };
    delete raw[missing];
    const form = editFormSchema.parse(raw);
    expect(form[missing]).toBeUndefined();
    const edit = userEditOf(versionOf(marcus), marcus.id, form)!;
    expect(edit.fields).toEqual([missing === 'title' ? 'notes' : 'title']);
    const next = mergeUserChanges(marcus, edit);
    expect(changedFields(editableValuesOf(marcus), next)).toEqual(edit.fields);
    expect(next[missing]).toEqual(marcus[missing]);
  });

  it('reads a submission of only name, email, title as a change of the title alone', () => {
    const form = editFormSchema.parse({ name: marcus.name, email: marcus.email, title: 'Architect' });
    const edit = userEditOf(versionOf(marcus), marcus.id, form)!;
    expect(edit.fields).toEqual(['title']);
    expect(mergeUserChanges(marcus, edit)).toEqual({ ...editableValuesOf(marcus), title: 'Architect' });
  });

  it('reads a present empty value as a change, and an empty name or email as an error', () => {
    const edit = userEditOf(versionOf(marcus), marcus.id, editFormSchema.parse({ department: '', locationId: '', important: 'false' }))!;
    expect(edit.values).toEqual({ department: '', locationId: 0, important: false });
    const result = editFormSchema.safeParse({ name: ' ', email: '' });
    expect(fieldErrorsOf(result.error!)).toEqual({ name: 'Name is required', email: 'Email is required' });
  });

  it('reads an edit submission with no inputs at all as valid and changing nothing', () => {
    expect(userEditOf(versionOf(marcus), marcus.id, editFormSchema.parse({}))?.fields).toEqual([]);
  });

  it('reads a missing add-form input as the new contact default, and a missing required one as missing', () => {
    expect(addFormSchema.parse({ name: 'New Person', email: 'new@acme.example', clientId: '1' })).toEqual({
      name: 'New Person',
      email: 'new@acme.example',
      clientId: 1,
      title: '',
      department: '',
      phone: '',
      extension: '',
      mobile: '',
      notes: '',
      locationId: 0,
      primary: false,
      important: false,
      billing: false,
      technical: false,
    });
    expect(fieldErrorsOf(addFormSchema.safeParse({}).error!)).toEqual({ name: 'Name is required', email: 'Email is required', clientId: 'Client is required' });
  });
});
