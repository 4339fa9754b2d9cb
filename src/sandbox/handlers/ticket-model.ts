import { intval, isset, phpString, PhpFatalError, sanitizeInput } from '../php';
import type { TicketStore } from '../ticket-store';

/**
 * tickets/ticket_model.php and the INSERT of tickets/create.php, for both generations. Each field comes from
 * the JSON body when present, else its default; ids and flags through intval. The generations differ in
 * details (latest keeps the HTML as sent and appends "<br>"; late-2024 strips tags and appends nothing), in
 * the columns written (latest adds source, URL key, asset and billable) and in the status (latest the id 1,
 * late-2024 the text "Open"); everything else is shared here.
 */

export interface TicketFields {
  contactId: number;
  assetId: number;
  subject: string;
  details: string;
  priority: string;
  vendorId: number;
  /** ticket_vendor_ticket_id, through intval, stored as text. */
  vendorTicketNumber: string;
  assignedTo: number;
  billable: number;
}

const intField = (post: ReadonlyMap<string, unknown>, name: string) => (isset(post, name) ? intval(post.get(name)) : 0);

/** The fields both generations read alike; details, asset and billable are each generation's own. */
export function commonTicketFields(post: ReadonlyMap<string, unknown>): Omit<TicketFields, 'details' | 'assetId' | 'billable'> {
  return {
    contactId: intField(post, 'ticket_contact_id'),
    subject: isset(post, 'ticket_subject') ? sanitizeInput(post.get('ticket_subject')) : '',
    priority: isset(post, 'ticket_priority') ? sanitizeInput(post.get('ticket_priority')) : 'Low',
    vendorId: intField(post, 'ticket_vendor_id'),
    vendorTicketNumber: String(intField(post, 'ticket_vendor_ticket_id')),
    assignedTo: intField(post, 'ticket_assigned_to'),
  };
}

/** Latest (v26.08): details are escaped for SQL only, so HTML survives; "<br>" is appended either way. */
export function latestTicketFields(post: ReadonlyMap<string, unknown>): TicketFields {
  return {
    ...commonTicketFields(post),
    details: isset(post, 'ticket_details') ? `${phpString(post.get('ticket_details'))}<br>` : '< blank ><br>',
    assetId: intField(post, 'ticket_asset_id'),
    billable: intField(post, 'ticket_billable'),
  };
}

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

/** MariaDB strict mode rejects what does not fit the column; PHP's mysqli then throws and the API answers 500. */
function assertFitsColumns(fields: TicketFields, clientId: number): void {
  if ([...fields.subject].length > 500) throw new PhpFatalError("Data too long for column 'ticket_subject'");
  if ([...fields.priority].length > 200) throw new PhpFatalError("Data too long for column 'ticket_priority'");
  if (fields.vendorTicketNumber.length > 255) throw new PhpFatalError("Data too long for column 'ticket_vendor_ticket_number'");
  if (fields.billable < -128 || fields.billable > 127) throw new PhpFatalError("Out of range value for column 'ticket_billable'");
  for (const value of [fields.contactId, fields.assetId, fields.vendorId, fields.assignedTo, clientId]) {
    if (value < INT_MIN || value > INT_MAX) throw new PhpFatalError('Out of range value for an int column');
  }
}

export interface ApiTicketInsert {
  fields: TicketFields;
  clientId: number;
  /** 1 (New) on latest, the text "Open" on late-2024. */
  status: number | string;
  /** "API" on latest; late-2024 left the column empty. */
  source: string | null;
  /** A random 32-character key on latest; late-2024 had none. */
  urlKey: string | null;
  now: string;
}

/**
 * create.php once the request passed its own checks: with no contact given, the client's primary contact
 * (a contact of any client is accepted as given, unchecked); the next ticket number is taken; the row inserted.
 * Returns the new ticket id.
 */
export function insertApiTicket(tickets: TicketStore, insert: ApiTicketInsert): number {
  const { fields, clientId } = insert;
  const contactId = fields.contactId === 0 && clientId !== 0 ? tickets.primaryContactOf(clientId) : fields.contactId;
  const { prefix, number } = tickets.takeTicketNumber();
  // The number is taken before the INSERT runs, so a row the database refuses still uses one up.
  assertFitsColumns(fields, clientId);
  return tickets.insertTicket({
    ticket_prefix: prefix,
    ticket_number: number,
    ticket_source: insert.source,
    ticket_subject: fields.subject,
    ticket_details: fields.details,
    ticket_priority: fields.priority,
    ticket_status: insert.status,
    ticket_billable: fields.billable,
    ticket_vendor_ticket_number: fields.vendorTicketNumber,
    ticket_vendor_id: fields.vendorId,
    ticket_created_by: 0,
    ticket_assigned_to: fields.assignedTo,
    ticket_contact_id: contactId,
    ticket_asset_id: fields.assetId,
    ticket_url_key: insert.urlKey,
    ticket_client_id: clientId,
    ticket_created_at: insert.now,
  });
}
