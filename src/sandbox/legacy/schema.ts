import type { ClientColumn, ContactColumn, LocationColumn } from '../schema';

/**
 * The late-2024 ITFlow tables as its API returns them (test/fixtures/itflow/legacy-*.txt), column for column
 * and in order. They are projections of the sandbox's latest tables, plus the client-portal login columns,
 * which only legacy contacts have and which live in a side table (`legacy_contact_portal`), so the latest
 * tables, and every latest answer, stay exactly as they are.
 */

export const PORTAL_COLUMNS = ['contact_auth_method', 'contact_password_hash', 'contact_password_reset_token', 'contact_token_expire'] as const;
export type PortalColumn = (typeof PORTAL_COLUMNS)[number];

export const LEGACY_CONTACT_COLUMNS = [
  'contact_id',
  'contact_name',
  'contact_title',
  'contact_email',
  'contact_phone',
  'contact_extension',
  'contact_mobile',
  'contact_photo',
  'contact_pin',
  'contact_notes',
  ...PORTAL_COLUMNS,
  'contact_primary',
  'contact_important',
  'contact_billing',
  'contact_technical',
  'contact_created_at',
  'contact_updated_at',
  'contact_archived_at',
  'contact_accessed_at',
  'contact_location_id',
  'contact_vendor_id',
  'contact_department',
  'contact_client_id',
] as const satisfies ReadonlyArray<ContactColumn | PortalColumn>;
export type LegacyContactColumn = (typeof LEGACY_CONTACT_COLUMNS)[number];

// No phone/fax country codes, extension, fax or favorite yet.
export const LEGACY_LOCATION_COLUMNS = [
  'location_id',
  'location_name',
  'location_description',
  'location_country',
  'location_address',
  'location_city',
  'location_state',
  'location_zip',
  'location_phone',
  'location_hours',
  'location_photo',
  'location_primary',
  'location_notes',
  'location_created_at',
  'location_updated_at',
  'location_archived_at',
  'location_accessed_at',
  'location_contact_id',
  'location_client_id',
] as const satisfies readonly LocationColumn[];
export type LegacyLocationColumn = (typeof LEGACY_LOCATION_COLUMNS)[number];

// No client_favorite yet.
export const LEGACY_CLIENT_COLUMNS = [
  'client_id',
  'client_lead',
  'client_name',
  'client_type',
  'client_website',
  'client_referral',
  'client_rate',
  'client_currency_code',
  'client_net_terms',
  'client_tax_id_number',
  'client_abbreviation',
  'client_notes',
  'client_created_at',
  'client_updated_at',
  'client_archived_at',
  'client_accessed_at',
] as const satisfies readonly ClientColumn[];
export type LegacyClientColumn = (typeof LEGACY_CLIENT_COLUMNS)[number];

/** A contact without a row here has auth method "" and no portal login, as a legacy contact created by the API. */
export const PORTAL_TABLE_SQL = `CREATE TABLE IF NOT EXISTS legacy_contact_portal (
  contact_id INTEGER PRIMARY KEY,
  contact_auth_method TEXT NOT NULL DEFAULT '',
  contact_password_hash TEXT,
  contact_password_reset_token TEXT,
  contact_token_expire TEXT
)`;

/** A legacy row as mysqli returns it: every value a string or null. */
export type LegacyRow<Column extends string> = { [K in Column]: string | null };
export type LegacyContactRow = LegacyRow<LegacyContactColumn>;
