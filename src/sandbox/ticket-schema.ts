import { type ApiRow, col, type ColumnSpec, type NamesOf, tableSql } from './schema';

/**
 * The support tables the tickets, ticket_replies and assets API files read, column for column and in ITFlow
 * latest's (v26.08) order, so `SELECT *` projections yield the real API's keys. They live next to the contacts
 * tables and are created when missing (an older sandbox database gains them empty). Nullable integer columns
 * are declared as text: the API returns every value as a string anyway.
 */

const TICKET_SPECS = [
  col('ticket_id', 'id'),
  col('ticket_prefix', 'text'),
  col('ticket_number', 'int'),
  col('ticket_source', 'text'),
  col('ticket_category', 'text'),
  col('ticket_subject', 'text not null'),
  col('ticket_details', 'text not null'),
  col('ticket_priority', 'text'),
  // An id into ticket_statuses; the late-2024 API wrote the text "Open" here (SQLite keeps it as text).
  col('ticket_status', 'int'),
  col('ticket_sla_id', 'int'),
  col('ticket_billable', 'int'),
  col('ticket_schedule', 'text'),
  col('ticket_onsite', 'int'),
  col('ticket_vendor_ticket_number', 'text'),
  col('ticket_feedback', 'text'),
  col('ticket_url_key', 'text'),
  col('ticket_created_at', 'text not null'),
  col('ticket_updated_at', 'text'),
  col('ticket_due_at', 'text'),
  col('ticket_resolved_at', 'text'),
  col('ticket_archived_at', 'text'),
  col('ticket_first_response_at', 'text'),
  col('ticket_response_due_at', 'text'),
  col('ticket_resolution_due_at', 'text'),
  col('ticket_response_sla_met', 'text'),
  col('ticket_resolution_sla_met', 'text'),
  col('ticket_response_sla_alert_stage', 'int'),
  col('ticket_resolution_sla_alert_stage', 'int'),
  col('ticket_closed_at', 'text'),
  col('ticket_created_by', 'int'),
  col('ticket_assigned_to', 'int'),
  col('ticket_closed_by', 'int'),
  col('ticket_vendor_id', 'int'),
  col('ticket_client_id', 'int'),
  col('ticket_contact_id', 'int'),
  col('ticket_location_id', 'int'),
  col('ticket_asset_id', 'int'),
  col('ticket_quote_id', 'int'),
  col('ticket_invoice_id', 'int'),
  col('ticket_project_id', 'int'),
  col('ticket_recurring_ticket_id', 'int'),
  col('ticket_order', 'int'),
] as const;

const TICKET_STATUS_SPECS = [
  col('ticket_status_id', 'id'),
  col('ticket_status_name', 'text not null'),
  col('ticket_status_color', 'text not null'),
  col('ticket_status_active', 'int'),
  col('ticket_status_pauses_sla', 'int'),
  col('ticket_status_order', 'int'),
] as const;

const TICKET_REPLY_SPECS = [
  col('ticket_reply_id', 'id'),
  col('ticket_reply', 'text not null'),
  col('ticket_reply_type', 'text not null'),
  // MariaDB TIME: "HH:MM:SS" or NULL.
  col('ticket_reply_time_worked', 'text'),
  col('ticket_reply_created_at', 'text not null'),
  col('ticket_reply_updated_at', 'text'),
  col('ticket_reply_archived_at', 'text'),
  col('ticket_reply_by', 'int'),
  col('ticket_reply_ticket_id', 'int'),
] as const;

const ASSET_SPECS = [
  col('asset_id', 'id'),
  col('asset_type', 'text not null'),
  col('asset_name', 'text not null'),
  col('asset_description', 'text'),
  col('asset_make', 'text not null'),
  col('asset_model', 'text'),
  col('asset_serial', 'text'),
  col('asset_os', 'text'),
  col('asset_uri', 'text'),
  col('asset_uri_2', 'text'),
  col('asset_uri_client', 'text'),
  col('asset_status', 'text'),
  col('asset_purchase_reference', 'text'),
  // MariaDB DATE: "YYYY-MM-DD".
  col('asset_purchase_date', 'text'),
  col('asset_warranty_expire', 'text'),
  col('asset_install_date', 'text'),
  col('asset_photo', 'text'),
  col('asset_physical_location', 'text'),
  col('asset_notes', 'text'),
  // The late-2024 server called this flag asset_important.
  col('asset_favorite', 'int'),
  col('asset_created_at', 'text not null'),
  col('asset_updated_at', 'text'),
  col('asset_archived_at', 'text'),
  col('asset_accessed_at', 'text'),
  col('asset_vendor_id', 'int'),
  col('asset_location_id', 'int'),
  col('asset_contact_id', 'int'),
  col('asset_client_id', 'int'),
] as const;

// Latest's columns plus interface_port, which only the late-2024 server has (each flavor projects its own).
const INTERFACE_SPECS = [
  col('interface_id', 'id'),
  col('interface_name', 'text not null'),
  col('interface_description', 'text'),
  col('interface_type', 'text'),
  col('interface_mac', 'text'),
  col('interface_ip', 'text'),
  col('interface_nat_ip', 'text'),
  col('interface_ipv6', 'text'),
  col('interface_port', 'text'),
  col('interface_notes', 'text'),
  col('interface_primary', 'int'),
  col('interface_created_at', 'text not null'),
  col('interface_updated_at', 'text'),
  col('interface_archived_at', 'text'),
  col('interface_network_id', 'text'),
  col('interface_asset_id', 'int'),
] as const;

// Only what the API reads of ITFlow's users and settings tables.
const USER_SPECS = [col('user_id', 'id'), col('user_name', 'text not null')] as const;
const SETTINGS_SPECS = [col('company_id', 'id'), col('config_ticket_prefix', 'text'), col('config_ticket_next_number', 'int')] as const;

export type TicketColumn = NamesOf<typeof TICKET_SPECS>;
export type TicketStatusColumn = NamesOf<typeof TICKET_STATUS_SPECS>;
export type TicketReplyColumn = NamesOf<typeof TICKET_REPLY_SPECS>;
export type AssetColumn = NamesOf<typeof ASSET_SPECS>;
export type InterfaceColumn = NamesOf<typeof INTERFACE_SPECS>;

const names = <Name extends string>(specs: ReadonlyArray<ColumnSpec<Name>>): readonly Name[] => specs.map((c) => c.name);

export const TICKET_COLUMNS = names(TICKET_SPECS);
export const TICKET_STATUS_COLUMNS = names(TICKET_STATUS_SPECS);
export const TICKET_REPLY_COLUMNS = names(TICKET_REPLY_SPECS);
export const ASSET_COLUMNS = names(ASSET_SPECS);
export const INTERFACE_COLUMNS = names(INTERFACE_SPECS);

/** The columns latest's API shows of an interface (no interface_port). */
export const LATEST_INTERFACE_COLUMNS = INTERFACE_COLUMNS.filter((c) => c !== 'interface_port');

/** What ticket_replies/read.php adds to each reply from its ticket, and the replying user's or contact's name. */
export const REPLY_EXTRA_COLUMNS = ['ticket_prefix', 'ticket_number', 'ticket_subject', 'ticket_client_id', 'ticket_reply_by_name'] as const;

export type TicketRow = ApiRow<TicketColumn>;

/** Columns whose omitted value is 0 rather than NULL on insert (ITFlow's NOT NULL DEFAULT 0). */
export const TICKET_INT_COLUMNS: ReadonlySet<string> = new Set(
  [...TICKET_SPECS, ...TICKET_REPLY_SPECS, ...ASSET_SPECS, ...INTERFACE_SPECS].filter((c) => c.type === 'int').map((c) => c.name),
);

const ifMissing = (sql: string) => sql.replace(/^CREATE TABLE /, 'CREATE TABLE IF NOT EXISTS ');

export const TICKET_TABLES_SQL: readonly string[] = [
  ifMissing(tableSql('tickets', TICKET_SPECS)),
  ifMissing(tableSql('ticket_statuses', TICKET_STATUS_SPECS)),
  ifMissing(tableSql('ticket_replies', TICKET_REPLY_SPECS)),
  ifMissing(tableSql('assets', ASSET_SPECS)),
  ifMissing(tableSql('asset_interfaces', INTERFACE_SPECS)),
  ifMissing(tableSql('users', USER_SPECS)),
  ifMissing(tableSql('settings', SETTINGS_SPECS)),
];

/** ITFlow's setup/seed_data.php: the five built-in statuses, same ids in both generations. */
export const DEFAULT_TICKET_STATUSES: ReadonlyArray<{ id: number; name: string; color: string }> = [
  { id: 1, name: 'New', color: '#dc3545' },
  { id: 2, name: 'Open', color: '#007bff' },
  { id: 3, name: 'On Hold', color: '#28a745' },
  { id: 4, name: 'Resolved', color: '#343a40' },
  { id: 5, name: 'Closed', color: '#343a40' },
];
