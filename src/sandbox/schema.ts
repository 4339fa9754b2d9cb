/**
 * The sandbox's tables, column for column and in the same order as ITFlow latest (v26.08), so `SELECT *`
 * yields rows whose keys match the real API's. Integer columns hold ids and flags; the API turns every
 * value into a string (or null) on the way out, as mysqli does.
 */

export type ColumnType = 'id' | 'int' | 'text' | 'text not null';

export interface ColumnSpec<Name extends string> {
  readonly name: Name;
  readonly type: ColumnType;
}

export const col = <Name extends string>(name: Name, type: ColumnType): ColumnSpec<Name> => ({ name, type });

const CONTACT_SPECS = [
  col('contact_id', 'id'),
  col('contact_name', 'text not null'),
  col('contact_title', 'text'),
  col('contact_email', 'text'),
  col('contact_phone_country_code', 'text'),
  col('contact_phone', 'text'),
  col('contact_extension', 'text'),
  col('contact_mobile_country_code', 'text'),
  col('contact_mobile', 'text'),
  col('contact_photo', 'text'),
  col('contact_pin', 'text'),
  col('contact_notes', 'text'),
  col('contact_primary', 'int'),
  col('contact_important', 'int'),
  col('contact_billing', 'int'),
  col('contact_technical', 'int'),
  col('contact_created_at', 'text not null'),
  col('contact_updated_at', 'text'),
  col('contact_archived_at', 'text'),
  col('contact_accessed_at', 'text'),
  col('contact_location_id', 'int'),
  col('contact_vendor_id', 'int'),
  col('contact_user_id', 'int'),
  col('contact_department', 'text'),
  col('contact_client_id', 'int'),
] as const;

const LOCATION_SPECS = [
  col('location_id', 'id'),
  col('location_name', 'text not null'),
  col('location_description', 'text'),
  col('location_country', 'text'),
  col('location_address', 'text'),
  col('location_city', 'text'),
  col('location_state', 'text'),
  col('location_zip', 'text'),
  col('location_phone_country_code', 'text'),
  col('location_phone', 'text'),
  col('location_phone_extension', 'text'),
  col('location_fax_country_code', 'text'),
  col('location_fax', 'text'),
  col('location_hours', 'text'),
  col('location_photo', 'text'),
  col('location_primary', 'int'),
  col('location_notes', 'text'),
  col('location_favorite', 'int'),
  col('location_created_at', 'text not null'),
  col('location_updated_at', 'text'),
  col('location_archived_at', 'text'),
  col('location_accessed_at', 'text'),
  col('location_contact_id', 'int'),
  col('location_client_id', 'int'),
] as const;

const CLIENT_SPECS = [
  col('client_id', 'id'),
  col('client_lead', 'int'),
  col('client_name', 'text not null'),
  col('client_type', 'text'),
  col('client_website', 'text'),
  col('client_referral', 'text'),
  // decimal(15,2) in MariaDB: kept as text so "125.00" comes back as written.
  col('client_rate', 'text'),
  col('client_currency_code', 'text'),
  col('client_net_terms', 'int'),
  col('client_tax_id_number', 'text'),
  col('client_abbreviation', 'text'),
  col('client_notes', 'text'),
  col('client_favorite', 'int'),
  col('client_created_at', 'text not null'),
  col('client_updated_at', 'text'),
  col('client_archived_at', 'text'),
  col('client_accessed_at', 'text'),
] as const;

export type NamesOf<Specs extends ReadonlyArray<ColumnSpec<string>>> = Specs[number]['name'];

export type ContactColumn = NamesOf<typeof CONTACT_SPECS>;
export type LocationColumn = NamesOf<typeof LOCATION_SPECS>;
export type ClientColumn = NamesOf<typeof CLIENT_SPECS>;

export const CONTACT_COLUMNS: readonly ContactColumn[] = CONTACT_SPECS.map((c) => c.name);
export const LOCATION_COLUMNS: readonly LocationColumn[] = LOCATION_SPECS.map((c) => c.name);
export const CLIENT_COLUMNS: readonly ClientColumn[] = CLIENT_SPECS.map((c) => c.name);

/** A row as the API returns it: every value a string or null, keys in table order. */
export type ApiRow<Column extends string> = { [K in Column]: string | null };
export type ContactRow = ApiRow<ContactColumn>;
export type LocationRow = ApiRow<LocationColumn>;
export type ClientRow = ApiRow<ClientColumn>;

/** What the database stores and accepts: numbers for id and flag columns, text or null for the rest. */
export type DbValue = string | number | null;
export type DbRecord<Column extends string> = { [K in Column]: DbValue };

/** Insert values: the id is assigned by the database, anything else left out takes the column default. */
export type NewRecord<Column extends string, Id extends Column> = Partial<DbRecord<Exclude<Column, Id>>>;
export type NewContact = NewRecord<ContactColumn, 'contact_id'> & { contact_name: string; contact_created_at: string };
export type NewLocation = NewRecord<LocationColumn, 'location_id'> & { location_name: string; location_created_at: string };
export type NewClient = NewRecord<ClientColumn, 'client_id'> & { client_name: string; client_created_at: string };

function columnSql(spec: ColumnSpec<string>): string {
  switch (spec.type) {
    case 'id':
      return `${spec.name} INTEGER PRIMARY KEY AUTOINCREMENT`;
    case 'int':
      return `${spec.name} INTEGER NOT NULL DEFAULT 0`;
    case 'text':
      return `${spec.name} TEXT`;
    case 'text not null':
      return `${spec.name} TEXT NOT NULL`;
  }
}

export function tableSql(table: string, specs: ReadonlyArray<ColumnSpec<string>>): string {
  return `CREATE TABLE ${table} (\n  ${specs.map(columnSql).join(',\n  ')}\n)`;
}

/** Like ITFlow's contacts table, no index but the primary key: lookups by email or phone scan the table. */
export const SCHEMA_SQL: readonly string[] = [
  tableSql('clients', CLIENT_SPECS),
  tableSql('locations', LOCATION_SPECS),
  tableSql('contacts', CONTACT_SPECS),
  `CREATE TABLE api_keys (
  api_key_id INTEGER PRIMARY KEY AUTOINCREMENT,
  api_key_name TEXT NOT NULL UNIQUE,
  api_key_secret TEXT NOT NULL,
  api_key_client_id INTEGER NOT NULL DEFAULT 0,
  api_key_access_level INTEGER NOT NULL,
  api_key_created_at TEXT NOT NULL,
  api_key_expire TEXT NOT NULL
)`,
];

/** Bumped whenever SCHEMA_SQL changes; stored as SQLite's user_version. */
export const SCHEMA_VERSION = 1;
