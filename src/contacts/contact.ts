import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { contactWriteSchema, type ContactWrite, type ItflowContact } from '../itflow/types';
import { EDIT_INPUT_NAMES, type AddFormValues, type EditFormValues } from './contact-form';
import { digitsOnly } from './phone';

/**
 * A contact: the domain's core type. The ITFlow client maps each row (either ITFlow generation) into this shape,
 * secrets dropped, so the domain works with contacts and never with rows.
 */
export type Contact = ItflowContact;

/** The fields a person can change through our forms, in the order the cards show them. */
export type EditableField = keyof EditFormValues & keyof Contact;
export const EDITABLE_FIELDS: readonly EditableField[] = EDIT_INPUT_NAMES;

export const FIELD_LABELS: Record<EditableField, string> = {
  name: 'Name',
  title: 'Title',
  department: 'Department',
  email: 'Email',
  phone: 'Phone',
  extension: 'Extension',
  mobile: 'Mobile',
  notes: 'Notes',
  locationId: 'Location',
  primary: 'Primary contact',
  important: 'Important',
  billing: 'Billing contact',
  technical: 'Technical contact',
};

const PHONE_FIELDS = new Set<EditableField>(['phone', 'extension', 'mobile']);

/** What ITFlow will store for a text value: trimmed, HTML tags stripped, phones reduced to digits. */
export function storedForm(field: EditableField, value: string): string {
  if (PHONE_FIELDS.has(field)) return digitsOnly(value);
  return value.replace(/<[^>]*>/g, '').trim();
}

export type EditableValues = Pick<Contact, EditableField>;

export function editableValuesOf(contact: Contact): EditableValues {
  const out = {} as Record<EditableField, unknown>;
  for (const f of EDITABLE_FIELDS) out[f] = contact[f];
  return out as EditableValues;
}

/** What a form sets: a value per field it carries (a field it does not carry is left as it is). */
export type FormFieldValues = Partial<Record<EditableField, string | number | boolean | undefined>>;

/** The contact as it will be after ITFlow stores the form: the fields the form carries, in ITFlow's stored form. */
export function applyForm(current: EditableValues, form: FormFieldValues): EditableValues {
  const next: Record<EditableField, string | number | boolean> = { ...current };
  for (const f of EDITABLE_FIELDS) {
    const v = form[f];
    if (v !== undefined) next[f] = typeof v === 'string' ? storedForm(f, v) : v;
  }
  return next as EditableValues;
}

/** Fields whose value differs, comparing in stored form (so "555.101.0100" equals "5551010100"). */
export function changedFields(current: EditableValues, next: EditableValues): EditableField[] {
  return EDITABLE_FIELDS.filter((f) => {
    const a = current[f];
    const b = next[f];
    if (typeof a === 'string' && typeof b === 'string') return storedForm(f, a) !== storedForm(f, b);
    return a !== b;
  });
}

/**
 * A token for "the contact as the form was built from". It carries that snapshot itself (compressed), so a save
 * can tell which fields the user changed from which fields someone else changed in ITFlow meanwhile, even after
 * a restart. contact_updated_at alone would not do: second resolution, and null until the first update.
 */
export function versionOf(contact: Contact): string {
  const snapshot: FormSnapshot = { id: contact.id, updatedAt: contact.updatedAt, archivedAt: contact.archivedAt, values: editableValuesOf(contact) };
  return `v1.${deflateRawSync(JSON.stringify(snapshot)).toString('base64url')}`;
}

const snapshotSchema = z.object({
  id: z.number().int().positive(),
  updatedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  values: contactWriteSchema.omit({ authMethod: true }),
});
export type FormSnapshot = z.infer<typeof snapshotSchema>;

/** The snapshot inside a version token; null for anything that is not one of ours (old, truncated, forged). */
export function formSnapshotOf(version: string): FormSnapshot | null {
  if (!version.startsWith('v1.')) return null;
  try {
    const json = inflateRawSync(Buffer.from(version.slice(3), 'base64url'), { maxOutputLength: 1 << 20 }).toString('utf8');
    const parsed = snapshotSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** True when the contact is still exactly as the snapshot saw it. */
export function unchangedSince(snapshot: FormSnapshot, contact: Contact): boolean {
  return (
    snapshot.id === contact.id &&
    snapshot.updatedAt === contact.updatedAt &&
    snapshot.archivedAt === contact.archivedAt &&
    changedFields(snapshot.values, editableValuesOf(contact)).length === 0
  );
}

/**
 * What one edit form asks for: the snapshot it was built from (decoded once, from its version token) and the
 * fields the user changed relative to it. Only inputs the submission carries can be changed; a missing one
 * means "as it was".
 */
export interface UserEdit {
  snapshot: FormSnapshot;
  /** The fields the user changed, in card order. */
  fields: EditableField[];
  /** The values of those fields as ITFlow will store them. */
  values: Partial<EditableValues>;
}

/** The user's edit, or null when the version token is not ours or belongs to another contact. */
export function userEditOf(version: string, contactId: number, form: EditFormValues): UserEdit | null {
  const snapshot = formSnapshotOf(version);
  if (snapshot === null || snapshot.id !== contactId) return null;
  const typed = applyForm(snapshot.values, form);
  const fields = changedFields(snapshot.values, typed);
  const values: Partial<Record<EditableField, string | number | boolean>> = {};
  for (const f of fields) values[f] = typed[f];
  return { snapshot, fields, values: values as Partial<EditableValues> };
}

/**
 * Three-way merge: the fresh row, with only the fields the user changed relative to the snapshot the form was
 * built from. Fields the user left alone keep ITFlow's current value, whoever changed them since.
 */
export function mergeUserChanges(fresh: Contact, edit: UserEdit): EditableValues {
  return { ...editableValuesOf(fresh), ...edit.values };
}

/** A contact with nothing in it yet: the base a new contact's form is applied to. */
export function emptyContact(clientId: number): Contact {
  return {
    id: 1,
    clientId,
    name: '',
    title: '',
    department: '',
    email: '',
    phone: '',
    extension: '',
    mobile: '',
    phoneCountryCode: null,
    mobileCountryCode: null,
    notes: '',
    primary: false,
    important: false,
    billing: false,
    technical: false,
    locationId: 0,
    authMethod: null,
    createdAt: null,
    updatedAt: null,
    archivedAt: null,
  };
}

/** The full field set for a write: the fresh row with the new values, keeping what the forms do not show. */
export function toWrite(current: Contact, next: EditableValues): ContactWrite {
  return { ...next, authMethod: current.authMethod };
}

/** The fields an add form fills in (text that is not blank, toggles that are on, a chosen location). */
export function fieldsFilledByForm(form: AddFormValues): Array<EditableField | 'clientId'> {
  const filled: Array<EditableField | 'clientId'> = ['clientId'];
  for (const field of EDITABLE_FIELDS) {
    const value = form[field];
    if (value !== '' && value !== false && value !== 0) filled.push(field);
  }
  return filled;
}
