import { z } from 'zod';
import type { Client, ItflowContact, Location } from './types';

/**
 * The wire shapes of ITFlow's API, parsed once here. Rows come in two shapes: latest servers send named keys;
 * legacy servers (mysqli_fetch_array) send every column twice, under "0", "1", … and by name. Both carry the
 * named keys, and z.object strips everything else, so one schema per row reads both. Stripping is also what
 * drops contact_pin, contact_photo and the portal password/token columns: they never leave this module.
 */

/** `{"success":"True"|"False","count"?,"data"?,"message"?}`; count is a number, or the string "1" on create. */
export const envelopeSchema = z.object({
  success: z.enum(['True', 'False']),
  count: z.union([z.number(), z.string()]).optional(),
  data: z.array(z.unknown()).optional(),
  message: z.string().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** ITFlow's answer for not found, an empty page and a page past the end alike. */
export function isNoResourceMessage(message: string | undefined): boolean {
  return message !== undefined && /^No resource\b/i.test(message.trim());
}

// ITFlow sends every value as a string; numbers are accepted too in case a server runs mysqlnd with native types.
export const idText = (min: 0 | 1) =>
  z
    .union([z.string().regex(/^\d+$/, 'expected a numeric id'), z.number().int()])
    .transform(Number)
    .pipe(z.number().int().min(min).max(Number.MAX_SAFE_INTEGER));

const flag = z.union([z.literal('0'), z.literal('1'), z.literal(0), z.literal(1)]).transform((v) => v === '1' || v === 1);

/** Text columns: null (or a column this server version lacks) reads as "". */
export const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

export const nullableText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

export const contactRowSchema = z
  .object({
    contact_id: idText(1),
    contact_name: z.string(),
    contact_client_id: idText(0),
    contact_title: text,
    contact_department: text,
    contact_email: text,
    contact_phone: text,
    contact_extension: text,
    contact_mobile: text,
    contact_notes: text,
    contact_primary: flag,
    contact_important: flag,
    contact_billing: flag,
    contact_technical: flag,
    contact_location_id: idText(0).nullable().transform((v) => v ?? 0),
    // Latest only.
    contact_phone_country_code: nullableText,
    contact_mobile_country_code: nullableText,
    // Legacy only: absent means "this server has no such column" (null); present but null means "".
    contact_auth_method: z
      .string()
      .nullable()
      .optional()
      .transform((v) => (v === undefined ? null : (v ?? ''))),
    contact_created_at: nullableText,
    contact_updated_at: nullableText,
    contact_archived_at: nullableText,
  })
  .transform(
    (row): ItflowContact => ({
      id: row.contact_id,
      clientId: row.contact_client_id,
      name: row.contact_name,
      title: row.contact_title,
      department: row.contact_department,
      email: row.contact_email,
      phone: row.contact_phone,
      extension: row.contact_extension,
      mobile: row.contact_mobile,
      phoneCountryCode: row.contact_phone_country_code,
      mobileCountryCode: row.contact_mobile_country_code,
      notes: row.contact_notes,
      primary: row.contact_primary,
      important: row.contact_important,
      billing: row.contact_billing,
      technical: row.contact_technical,
      locationId: row.contact_location_id,
      authMethod: row.contact_auth_method,
      createdAt: row.contact_created_at,
      updatedAt: row.contact_updated_at,
      archivedAt: row.contact_archived_at,
    }),
  );

/**
 * Reads a contact row the way contactRowSchema does, without zod, when the row has the plain shape servers send:
 * a directory load parses 100,000 rows, and zod costs ~15 µs a row where this costs ~1. Returns null for anything
 * it is not sure of; the caller then parses with the schema, which accepts the row (to the same ItflowContact) or says
 * what is wrong with it. Repeated short values (titles, departments, country codes) go through `pool`, so a
 * hundred thousand contacts share one "Office Manager" instead of holding a copy each.
 */
export function readPlainContactRow(raw: unknown, pool: StringPool): ItflowContact | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const row = raw as Record<string, unknown>;
  const id = idValue(row.contact_id, 1);
  const clientId = idValue(row.contact_client_id, 0);
  const name = row.contact_name;
  const locationId = row.contact_location_id === null ? 0 : idValue(row.contact_location_id, 0);
  const primary = flagValue(row.contact_primary);
  const important = flagValue(row.contact_important);
  const billing = flagValue(row.contact_billing);
  const technical = flagValue(row.contact_technical);
  const title = textValue(row.contact_title);
  const department = textValue(row.contact_department);
  const email = textValue(row.contact_email);
  const phone = textValue(row.contact_phone);
  const extension = textValue(row.contact_extension);
  const mobile = textValue(row.contact_mobile);
  const notes = textValue(row.contact_notes);
  const phoneCountryCode = nullableTextValue(row.contact_phone_country_code);
  const mobileCountryCode = nullableTextValue(row.contact_mobile_country_code);
  const createdAt = nullableTextValue(row.contact_created_at);
  const updatedAt = nullableTextValue(row.contact_updated_at);
  const archivedAt = nullableTextValue(row.contact_archived_at);
  const auth = row.contact_auth_method;
  if (
    id === null ||
    clientId === null ||
    typeof name !== 'string' ||
    locationId === null ||
    primary === null ||
    important === null ||
    billing === null ||
    technical === null ||
    title === null ||
    department === null ||
    email === null ||
    phone === null ||
    extension === null ||
    mobile === null ||
    notes === null ||
    phoneCountryCode === undefined ||
    mobileCountryCode === undefined ||
    createdAt === undefined ||
    updatedAt === undefined ||
    archivedAt === undefined ||
    (auth !== undefined && auth !== null && typeof auth !== 'string')
  ) {
    return null;
  }
  return {
    id,
    clientId,
    name,
    title: pool.intern(title),
    department: pool.intern(department),
    email,
    phone: pool.intern(phone),
    extension: pool.intern(extension),
    mobile,
    phoneCountryCode: phoneCountryCode === null ? null : pool.intern(phoneCountryCode),
    mobileCountryCode: mobileCountryCode === null ? null : pool.intern(mobileCountryCode),
    notes: pool.intern(notes),
    primary,
    important,
    billing,
    technical,
    locationId,
    authMethod: auth === undefined ? null : pool.intern(auth ?? ''),
    createdAt,
    updatedAt,
    archivedAt,
  };
}

/** One shared copy of each short value seen, up to a bound (so unbounded distinct values cannot grow it forever). */
export class StringPool {
  private readonly pool = new Map<string, string>();

  constructor(
    private readonly maxEntries = 20_000,
    private readonly maxLength = 64,
  ) {}

  intern(text: string): string {
    if (text.length === 0 || text.length > this.maxLength) return text;
    const known = this.pool.get(text);
    if (known !== undefined) return known;
    if (this.pool.size < this.maxEntries) this.pool.set(text, text);
    return text;
  }
}

const DIGITS = /^\d+$/;

/** As idText: a numeric string or an integer, within [min, MAX_SAFE_INTEGER]; null when not. */
function idValue(value: unknown, min: number): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && DIGITS.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n >= min ? n : null;
}

/** As flag; null when not a flag. */
function flagValue(value: unknown): boolean | null {
  if (value === '1' || value === 1) return true;
  if (value === '0' || value === 0) return false;
  return null;
}

/** As text; null when not text. */
function textValue(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : null;
}

/** As nullableText; undefined when not text. */
function nullableTextValue(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : undefined;
}

export const clientRowSchema = z
  .object({ client_id: idText(1), client_name: z.string() })
  .transform((row): Client => ({ id: row.client_id, name: row.client_name }));

export const locationRowSchema = z
  .object({
    location_id: idText(1),
    location_client_id: idText(0),
    location_name: z
      .string()
      .nullable()
      .transform((v) => v ?? ''),
    location_archived_at: nullableText,
    // Not needed to list a location, so a missing or odd flag reads as "not primary" instead of dropping the row.
    location_primary: flag.optional().catch(undefined),
  })
  .transform(
    (row): Location => ({
      id: row.location_id,
      clientId: row.location_client_id,
      name: row.location_name,
      archivedAt: row.location_archived_at,
      primary: row.location_primary ?? false,
    }),
  );

/** Create answers `data: [{"insert_id": 11}]`. */
export const insertResultSchema = z
  .tuple([z.object({ insert_id: idText(1) })], z.unknown())
  .transform(([first]) => first.insert_id);

/** A short, value-free description of why data failed a schema (row values may be personal data). */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    // zod's default messages name the expected and received types, never the received value.
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}
