import { digitsOnly, intval, isset, PhpFatalError, sanitizeInput } from '../php';
import type { ContactColumn, DbRecord, DbValue } from '../schema';

/**
 * contacts/contact_model.php: each field from the JSON body when present (text trimmed and stripped of tags,
 * phone/extension/mobile reduced to digits, flags and location through intval), otherwise the current row's
 * value on update, otherwise empty/0. Plus the limits MariaDB's strict mode enforces on the result.
 */

const TEXT_FIELDS = ['contact_name', 'contact_title', 'contact_department', 'contact_email', 'contact_notes'] as const;
const DIGIT_FIELDS = ['contact_phone', 'contact_extension', 'contact_mobile'] as const;
const INT_FIELDS = ['contact_primary', 'contact_important', 'contact_billing', 'contact_technical', 'contact_location_id'] as const;

type TextField = (typeof TEXT_FIELDS)[number] | (typeof DIGIT_FIELDS)[number];
type IntField = (typeof INT_FIELDS)[number];
export type ContactFields = Record<TextField, string> & Record<IntField, number>;

function fromRow(row: DbRecord<ContactColumn> | null, column: ContactColumn): DbValue {
  return row === null ? null : row[column];
}

export function contactFields(post: ReadonlyMap<string, unknown>, row: DbRecord<ContactColumn> | null): ContactFields {
  const fields = {} as ContactFields;
  for (const name of TEXT_FIELDS) {
    // PHP interpolates a NULL column as '' when it writes the value back.
    fields[name] = isset(post, name) ? sanitizeInput(post.get(name)) : String(fromRow(row, name) ?? '');
  }
  for (const name of DIGIT_FIELDS) {
    fields[name] = isset(post, name) ? digitsOnly(post.get(name)) : String(fromRow(row, name) ?? '');
  }
  for (const name of INT_FIELDS) {
    // Latest defaults a missing location to 0 on create (legacy failed with a 500 there).
    fields[name] = isset(post, name) ? intval(post.get(name)) : intval(fromRow(row, name));
  }
  return fields;
}

const VARCHAR_200: readonly TextField[] = ['contact_name', 'contact_title', 'contact_department', 'contact_email', ...DIGIT_FIELDS];
const TINYINT: readonly IntField[] = ['contact_primary', 'contact_important', 'contact_billing', 'contact_technical'];

/** MariaDB strict mode rejects what does not fit the column; PHP's mysqli then throws and the API answers 500. */
export function assertFitsColumns(fields: ContactFields, clientId: number): void {
  const tooLong = VARCHAR_200.find((name) => [...fields[name]].length > 200);
  if (tooLong !== undefined) throw new PhpFatalError(`Data too long for column '${tooLong}'`);
  if (Buffer.byteLength(fields.contact_notes) > 65_535) throw new PhpFatalError("Data too long for column 'contact_notes'");
  const outOfRange = TINYINT.find((name) => fields[name] < -128 || fields[name] > 127);
  if (outOfRange !== undefined) throw new PhpFatalError(`Out of range value for column '${outOfRange}'`);
  for (const value of [fields.contact_location_id, clientId]) {
    if (value < -2_147_483_648 || value > 2_147_483_647) throw new PhpFatalError('Out of range value for an int column');
  }
}
