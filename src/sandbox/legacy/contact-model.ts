import { assertFitsColumns } from '../handlers/contact-model';
import { digitsOnly, intval, isset, PhpFatalError, sanitizeInput } from '../php';
import type { DbRecord } from '../schema';
import type { LegacyContactValues } from './legacy-store';
import type { LegacyContactColumn } from './schema';

/**
 * Legacy contacts/contact_model.php and the SQL text it feeds: each field from the JSON body when present
 * (cleaned and escaped), else the current row's value — interpolated into the query *unescaped* — else
 * empty/0. Two recorded failures follow from that and throw here, as PHP's mysqli does (500, empty body):
 * a missing contact_location_id with no row leaves `contact_location_id = ,` in the SQL, and a value taken
 * from the row that contains an apostrophe (Marcus O'Brien) ends its string literal early.
 */

type TextField = 'contact_name' | 'contact_title' | 'contact_department' | 'contact_email' | 'contact_notes' | 'contact_auth_method';
type DigitField = 'contact_phone' | 'contact_extension' | 'contact_mobile';
type FlagField = 'contact_primary' | 'contact_important' | 'contact_billing' | 'contact_technical';

export function legacyContactValues(post: ReadonlyMap<string, unknown>, row: DbRecord<LegacyContactColumn> | null, clientId: number): LegacyContactValues {
  const fromRow: string[] = [];
  const textOf = (name: TextField | DigitField, clean: (value: unknown) => string): string => {
    if (isset(post, name)) return clean(post.get(name));
    if (row === null) return '';
    // PHP interpolates a NULL column as ''.
    const value = String(row[name] ?? '');
    fromRow.push(value);
    return value;
  };
  const flagOf = (name: FlagField): number => (isset(post, name) ? intval(post.get(name)) : intval(row?.[name] ?? 0));

  const values: LegacyContactValues = {
    contact_name: textOf('contact_name', sanitizeInput),
    contact_title: textOf('contact_title', sanitizeInput),
    contact_department: textOf('contact_department', sanitizeInput),
    contact_email: textOf('contact_email', sanitizeInput),
    contact_phone: textOf('contact_phone', digitsOnly),
    contact_extension: textOf('contact_extension', digitsOnly),
    contact_mobile: textOf('contact_mobile', digitsOnly),
    contact_notes: textOf('contact_notes', sanitizeInput),
    contact_auth_method: textOf('contact_auth_method', sanitizeInput),
    contact_primary: flagOf('contact_primary'),
    contact_important: flagOf('contact_important'),
    contact_billing: flagOf('contact_billing'),
    contact_technical: flagOf('contact_technical'),
    contact_location_id: locationOf(post, row),
    contact_client_id: clientId,
  };
  if (fromRow.some((value) => value.includes("'"))) throw new PhpFatalError('You have an error in your SQL syntax (an apostrophe from the stored row)');
  // MariaDB strict mode: the same column limits as latest (the auth method's own length limit is not modelled).
  assertFitsColumns(values, clientId);
  return values;
}

function locationOf(post: ReadonlyMap<string, unknown>, row: DbRecord<LegacyContactColumn> | null): number {
  if (isset(post, 'contact_location_id')) return intval(post.get('contact_location_id'));
  if (row !== null) return intval(row.contact_location_id);
  throw new PhpFatalError("You have an error in your SQL syntax near 'contact_client_id = …' (no contact_location_id)");
}
