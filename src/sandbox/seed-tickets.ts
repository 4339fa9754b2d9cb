import type { NewAsset, NewTicket, TicketStore } from './ticket-store';

/**
 * The tickets lab the recorded exchanges 72–99 were captured against (lab/seed/seed-tickets-*.sql, the same
 * for both generations): tickets 1–12 (TCK-1…TCK-12; Acme 1, 2, 4, 6, 8, 11; Globex 3, 5, 7, 9, 10, 12),
 * replies 1–7 on tickets 1, 5 and 8 (reply 6 archived), assets 1–5 with no interfaces, user 1 "Lab Admin",
 * next ticket number 13. Ids follow insertion order.
 */

type Status = 1 | 2 | 3 | 4 | 5;

export interface TicketSpec {
  source: string;
  subject: string;
  details: string;
  priority: 'Low' | 'Medium' | 'High';
  status: Status;
  billable: 0 | 1;
  client: number;
  contact: number;
  location: number;
  asset: number;
  createdBy: number;
  assignedTo: number;
  created: string;
  updated?: string;
  firstResponse?: string;
  resolved?: string;
  closed?: string;
  onsite?: 1;
  vendorTicket?: string;
}

const TICKETS: TicketSpec[] = [
  { source: 'Email', subject: 'Outlook keeps asking for password', details: '<p>Since this morning Outlook prompts for my password every few minutes.</p>', priority: 'Medium', status: 2, billable: 1, client: 1, contact: 1, location: 1, asset: 1, createdBy: 0, assignedTo: 1, created: '2026-11-02 08:14:00', updated: '2026-11-02 09:30:00', firstResponse: '2026-11-02 09:30:00' },
  { source: 'In-App', subject: 'New hire laptop setup - Wendy Walker', details: '<p>Prepare a laptop and accounts for the new HR hire starting next Monday.</p>', priority: 'Low', status: 1, billable: 1, client: 1, contact: 1, location: 1, asset: 0, createdBy: 1, assignedTo: 0, created: '2026-11-03 10:00:00' },
  { source: 'In-App', subject: 'Cannot access the shared drive', details: '<p>The S: drive shows as disconnected for the whole IT Support team.</p>', priority: 'High', status: 1, billable: 0, client: 2, contact: 6, location: 3, asset: 0, createdBy: 1, assignedTo: 0, created: '2026-11-04 07:45:00' },
  { source: 'Phone', subject: 'Warehouse Wi-Fi drops every afternoon', details: '<p>Scanners lose Wi-Fi between 2 and 4 pm. Waiting on the ISP.</p>', priority: 'High', status: 3, billable: 1, client: 1, contact: 4, location: 2, asset: 3, createdBy: 1, assignedTo: 1, created: '2026-11-05 14:20:00', updated: '2026-11-06 11:00:00', firstResponse: '2026-11-05 15:00:00', onsite: 1, vendorTicket: 'ISP-44871' },
  { source: 'Email', subject: 'Laptop battery swelling', details: '<p>My laptop battery is bulging and the touchpad no longer clicks.</p>', priority: 'High', status: 2, billable: 1, client: 2, contact: 6, location: 3, asset: 4, createdBy: 0, assignedTo: 1, created: '2026-11-06 09:05:00', updated: '2026-11-06 10:10:00', firstResponse: '2026-11-06 10:10:00' },
  { source: 'Email', subject: 'Printer jam on 2nd floor', details: '<p>The 2nd floor printer jams on every duplex job.</p>', priority: 'Low', status: 4, billable: 0, client: 1, contact: 1, location: 1, asset: 0, createdBy: 0, assignedTo: 1, created: '2026-11-07 11:30:00', updated: '2026-11-09 16:00:00', firstResponse: '2026-11-07 12:00:00', resolved: '2026-11-09 16:00:00' },
  { source: 'Portal', subject: 'Phone not syncing work email', details: '<p>Mail on my iPhone stopped syncing after the iOS update.</p>', priority: 'Low', status: 3, billable: 0, client: 2, contact: 6, location: 3, asset: 5, createdBy: 0, assignedTo: 1, created: '2026-11-10 08:00:00', updated: '2026-11-10 09:00:00' },
  { source: 'In-App', subject: 'VPN access for the CEO', details: "<p>Set up VPN on Linda's home PC.</p>", priority: 'Medium', status: 5, billable: 1, client: 1, contact: 5, location: 1, asset: 0, createdBy: 1, assignedTo: 1, created: '2026-11-11 13:00:00', updated: '2026-11-13 17:00:00', firstResponse: '2026-11-11 13:30:00', resolved: '2026-11-12 15:00:00', closed: '2026-11-13 17:00:00' },
  { source: 'In-App', subject: 'Patch the lab VMware cluster', details: '<p>Apply ESXi 8.0 U3 patches to the R&amp;D lab cluster.</p>', priority: 'Medium', status: 2, billable: 1, client: 2, contact: 8, location: 4, asset: 0, createdBy: 1, assignedTo: 1, created: '2026-11-12 09:00:00' },
  { source: 'Email', subject: 'Password reset for Sally Jones', details: '<p>Locked out of my account after too many attempts.</p>', priority: 'Low', status: 5, billable: 0, client: 2, contact: 6, location: 3, asset: 0, createdBy: 0, assignedTo: 1, created: '2026-11-14 08:30:00', updated: '2026-11-16 09:00:00', firstResponse: '2026-11-14 08:40:00', resolved: '2026-11-14 08:45:00', closed: '2026-11-16 09:00:00' },
  { source: 'In-App', subject: 'Firewall firmware update', details: '<p>Quarterly FortiOS update on the edge firewall.</p>', priority: 'Low', status: 2, billable: 1, client: 1, contact: 0, location: 1, asset: 3, createdBy: 1, assignedTo: 1, created: '2026-11-18 10:00:00', onsite: 1 },
  { source: 'Portal', subject: 'Invoice portal login fails', details: '<p>The vendor invoice portal rejects my login since Friday.</p>', priority: 'Low', status: 4, billable: 0, client: 2, contact: 9, location: 3, asset: 0, createdBy: 0, assignedTo: 1, created: '2026-11-20 15:10:00', updated: '2026-11-21 10:00:00', firstResponse: '2026-11-20 16:00:00', resolved: '2026-11-21 10:00:00' },
];

/** A full row from a spec, with ITFlow's web-UI shape: ticket number = position, closed tickets closed by user 1. */
export function ticketRow(spec: TicketSpec, number: number, urlKey: string): NewTicket {
  return {
    ticket_prefix: 'TCK-',
    ticket_number: number,
    ticket_source: spec.source,
    ticket_subject: spec.subject,
    ticket_details: spec.details,
    ticket_priority: spec.priority,
    ticket_status: spec.status,
    ticket_billable: spec.billable,
    ticket_onsite: spec.onsite ?? 0,
    ticket_vendor_ticket_number: spec.vendorTicket ?? null,
    ticket_url_key: urlKey,
    ticket_created_at: spec.created,
    ticket_updated_at: spec.updated ?? null,
    ticket_resolved_at: spec.resolved ?? null,
    ticket_first_response_at: spec.firstResponse ?? null,
    ticket_closed_at: spec.closed ?? null,
    ticket_created_by: spec.createdBy,
    ticket_assigned_to: spec.assignedTo,
    ticket_closed_by: spec.closed === undefined ? 0 : 1,
    ticket_client_id: spec.client,
    ticket_contact_id: spec.contact,
    ticket_location_id: spec.location,
    ticket_asset_id: spec.asset,
  };
}

const REPLIES = [
  { ticket: 1, type: 'Public', worked: '00:20:00', created: '2026-11-02 09:30:00', text: '<p>Hi Sally, we reset your Outlook profile remotely. Please restart Outlook and let us know.</p>' },
  // A Client reply's author is a contact (Sally Smith), not a user.
  { ticket: 1, type: 'Client', worked: null, created: '2026-11-02 11:02:00', text: '<p>Restarted, still prompting twice an hour.</p>' },
  { ticket: 1, type: 'Internal', worked: '00:10:00', created: '2026-11-02 11:30:00', text: '<p>Checked MFA logs: token refresh failing on the old profile. Next: re-register the device.</p>' },
  { ticket: 5, type: 'Public', worked: '00:15:00', created: '2026-11-06 10:10:00', text: '<p>Replacement battery ordered, ETA 2 days. Please keep the laptop plugged out and powered off.</p>' },
  { ticket: 5, type: 'Internal', worked: '00:05:00', created: '2026-11-06 10:20:00', text: '<p>Lenovo case 88231 opened for the battery.</p>' },
  { ticket: 5, type: 'Internal', worked: null, created: '2026-11-06 10:25:00', text: '<p>Duplicate of the note above.</p>', archived: '2026-11-06 10:30:00' },
  { ticket: 8, type: 'Public', worked: '00:45:00', created: '2026-11-12 15:00:00', text: '<p>VPN profile installed and tested with Linda. Closing.</p>' },
];

const ASSET_BASE = { asset_status: 'Deployed', asset_vendor_id: 0 };
const ASSETS: NewAsset[] = [
  { ...ASSET_BASE, asset_type: 'Laptop', asset_name: 'ACME-LT-001', asset_description: "Sally's laptop", asset_make: 'Dell', asset_model: 'Latitude 7440', asset_serial: 'DL7440-AC001', asset_os: 'Windows 11 Pro', asset_purchase_reference: 'PO-1001', asset_purchase_date: '2025-03-10', asset_warranty_expire: '2028-03-10', asset_install_date: '2025-03-14', asset_physical_location: 'Front office', asset_created_at: '2026-11-01 09:00:00', asset_location_id: 1, asset_contact_id: 1, asset_client_id: 1 },
  { ...ASSET_BASE, asset_type: 'Desktop', asset_name: 'ACME-PC-014', asset_make: 'HP', asset_model: 'EliteDesk 800 G9', asset_serial: 'HPED800-014', asset_os: 'Windows 11 Pro', asset_purchase_date: '2024-06-01', asset_warranty_expire: '2027-06-01', asset_physical_location: 'Warehouse office', asset_notes: 'Shared by the warehouse shift leads.', asset_created_at: '2026-11-01 09:05:00', asset_location_id: 2, asset_contact_id: 4, asset_client_id: 1 },
  { ...ASSET_BASE, asset_type: 'Firewall/Router', asset_name: 'ACME-FW-01', asset_description: 'Edge firewall', asset_make: 'Fortinet', asset_model: 'FortiGate 60F', asset_serial: 'FGT60F-ACME01', asset_os: 'FortiOS 7.4', asset_uri: 'https://10.10.0.1', asset_purchase_date: '2023-01-15', asset_warranty_expire: '2026-01-15', asset_install_date: '2023-01-20', asset_physical_location: 'Server closet', asset_favorite: 1, asset_created_at: '2026-11-01 09:10:00', asset_location_id: 1, asset_contact_id: 0, asset_client_id: 1 },
  { ...ASSET_BASE, asset_type: 'Laptop', asset_name: 'GLBX-LT-007', asset_description: 'Help desk lead laptop', asset_make: 'Lenovo', asset_model: 'ThinkPad T14 Gen 4', asset_serial: 'LNVT14-GX007', asset_os: 'Windows 11 Pro', asset_purchase_reference: 'GX-PO-77', asset_purchase_date: '2025-09-01', asset_warranty_expire: '2028-09-01', asset_install_date: '2025-09-03', asset_notes: 'Battery replaced 2026-11 (ticket TCK-5).', asset_created_at: '2026-11-01 09:15:00', asset_location_id: 3, asset_contact_id: 6, asset_client_id: 2 },
  { ...ASSET_BASE, asset_type: 'Mobile Phone', asset_name: 'GLBX-MB-022', asset_make: 'Apple', asset_model: 'iPhone 15', asset_serial: 'APLIP15-GX022', asset_os: 'iOS 18', asset_purchase_date: '2025-10-20', asset_created_at: '2026-11-01 09:20:00', asset_location_id: 3, asset_contact_id: 6, asset_client_id: 2 },
];

export function seedFixtureTickets(tickets: TicketStore): void {
  tickets.insertUser(1, 'Lab Admin');
  TICKETS.forEach((spec, i) => {
    const n = i + 1;
    tickets.insertTicket(ticketRow(spec, n, `LabUrlKeyTicket${String(n).padStart(2, '0')}`.padEnd(32, 'x')));
  });
  tickets.setNextTicketNumber(TICKETS.length + 1);
  for (const reply of REPLIES) {
    tickets.insertReply({
      ticket_reply: reply.text,
      ticket_reply_type: reply.type,
      ticket_reply_time_worked: reply.worked,
      ticket_reply_created_at: reply.created,
      ticket_reply_archived_at: reply.archived ?? null,
      ticket_reply_by: 1,
      ticket_reply_ticket_id: reply.ticket,
    });
  }
  for (const asset of ASSETS) tickets.insertAsset(asset);
}
