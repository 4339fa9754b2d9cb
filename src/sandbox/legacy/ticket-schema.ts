import type { AssetColumn, InterfaceColumn, TicketColumn, TicketStatusColumn } from '../ticket-schema';

/**
 * The late-2024 ticket, status, asset and interface columns as its API returns them
 * (test/fixtures/itflow/legacy-72…88), in order: projections of the sandbox's latest tables. No SLA, due,
 * quote, recurring or order columns on tickets; no pauses_sla/order on statuses; assets without uri_client and
 * purchase_reference, and the flag later renamed asset_favorite still called asset_important; interfaces
 * with a port and without description and type.
 */

export const LEGACY_TICKET_COLUMNS = [
  'ticket_id',
  'ticket_prefix',
  'ticket_number',
  'ticket_source',
  'ticket_category',
  'ticket_subject',
  'ticket_details',
  'ticket_priority',
  'ticket_status',
  'ticket_billable',
  'ticket_schedule',
  'ticket_onsite',
  'ticket_vendor_ticket_number',
  'ticket_feedback',
  'ticket_url_key',
  'ticket_created_at',
  'ticket_updated_at',
  'ticket_resolved_at',
  'ticket_archived_at',
  'ticket_closed_at',
  'ticket_created_by',
  'ticket_assigned_to',
  'ticket_closed_by',
  'ticket_vendor_id',
  'ticket_client_id',
  'ticket_contact_id',
  'ticket_location_id',
  'ticket_asset_id',
  'ticket_invoice_id',
  'ticket_project_id',
] as const satisfies readonly TicketColumn[];

export const LEGACY_TICKET_STATUS_COLUMNS = [
  'ticket_status_id',
  'ticket_status_name',
  'ticket_status_color',
  'ticket_status_active',
] as const satisfies readonly TicketStatusColumn[];

export const LEGACY_ASSET_COLUMNS = [
  'asset_id',
  'asset_type',
  'asset_name',
  'asset_description',
  'asset_make',
  'asset_model',
  'asset_serial',
  'asset_os',
  'asset_uri',
  'asset_uri_2',
  'asset_status',
  'asset_purchase_date',
  'asset_warranty_expire',
  'asset_install_date',
  'asset_photo',
  'asset_physical_location',
  'asset_notes',
  'asset_important',
  'asset_created_at',
  'asset_updated_at',
  'asset_archived_at',
  'asset_accessed_at',
  'asset_vendor_id',
  'asset_location_id',
  'asset_contact_id',
  'asset_client_id',
] as const satisfies ReadonlyArray<AssetColumn | 'asset_important'>;

/** Legacy name → the sandbox's (latest) column. */
export const LEGACY_ASSET_RENAMES = { asset_important: 'asset_favorite' } as const satisfies Record<string, AssetColumn>;

export const LEGACY_INTERFACE_COLUMNS = [
  'interface_id',
  'interface_name',
  'interface_mac',
  'interface_ip',
  'interface_nat_ip',
  'interface_ipv6',
  'interface_port',
  'interface_notes',
  'interface_primary',
  'interface_created_at',
  'interface_updated_at',
  'interface_archived_at',
  'interface_network_id',
  'interface_asset_id',
] as const satisfies readonly InterfaceColumn[];
