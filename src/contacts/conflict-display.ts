import {
  changedFields,
  editableValuesOf,
  FIELD_LABELS,
  storedForm,
  type EditableField,
  type EditableValues,
  type UserEdit,
  type Contact,
} from './contact';

/** One line of the conflict card: a field, ITFlow's value now and what this user's form says. */
export interface Difference {
  field: EditableField;
  label: string;
  theirs: string;
  yours: string;
}

/**
 * What the conflict card lists: the user's changes against ITFlow's values, then what others changed (which a
 * forced save keeps). `next` is the contact with the user's changes merged in.
 */
export function conflictDifferences(current: Contact, edit: UserEdit, next: EditableValues, locationName: (id: number) => string): Difference[] {
  const { snapshot, fields: userChanged } = edit;
  const display = (field: EditableField, value: string | number | boolean): string => {
    if (field === 'locationId') return locationName(Number(value)) || '(none)';
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    return typeof value === 'string' ? storedForm(field, value) : String(value);
  };
  const writes = changedFields(editableValuesOf(current), next);
  const theirChanged = changedFields(snapshot.values, editableValuesOf(current)).filter((f) => !userChanged.includes(f));
  const mine = userChanged
    .filter((f) => writes.includes(f))
    .map((field) => ({ field, label: FIELD_LABELS[field], theirs: display(field, current[field]), yours: display(field, next[field]) }));
  const theirs = theirChanged.map((field) => ({
    field,
    label: FIELD_LABELS[field],
    theirs: display(field, current[field]),
    yours: `${display(field, snapshot.values[field]) || '(empty)'} (you did not change this; ITFlow's value is kept)`,
  }));
  return [...mine, ...theirs];
}
