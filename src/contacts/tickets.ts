import type { ContactTickets, ContactTicketsQuery, Ticket } from '../itflow/ticket-types';

/**
 * Which tickets are open, in the order a technician wants them, and the small view a card shows. Pure.
 *
 * Open follows ITFlow's own rule (its ticket lists and counts use `ticket_resolved_at IS NULL`): a ticket is
 * open while it is neither resolved nor closed nor archived, and its status is not Resolved (4) or Closed (5).
 * So New (1), Open (2) and On Hold (3) are open, as are an admin's custom statuses (ids above 5, which ITFlow
 * counts as open too), and the late-2024 API's text status "Open". A text status naming a finished state
 * ("Resolved", "Closed", "Auto Close") is not open.
 */

export const TICKET_STATUS = { new: 1, open: 2, onHold: 3, resolved: 4, closed: 5 } as const;

const BUILT_IN_STATUS_NAMES: ReadonlyMap<number, string> = new Map([
  [TICKET_STATUS.new, 'New'],
  [TICKET_STATUS.open, 'Open'],
  [TICKET_STATUS.onHold, 'On Hold'],
  [TICKET_STATUS.resolved, 'Resolved'],
  [TICKET_STATUS.closed, 'Closed'],
]);

const FINISHED_STATUS_IDS: ReadonlySet<number> = new Set([TICKET_STATUS.resolved, TICKET_STATUS.closed]);
const FINISHED_STATUS_TEXT = /^(resolved|closed|auto[ -]?close(d)?)$/i;

export function isOpenTicket(ticket: Ticket): boolean {
  if (ticket.resolvedAt !== null || ticket.closedAt !== null || ticket.archivedAt !== null) return false;
  const { id, name } = ticket.status;
  if (id !== null) return id > 0 && !FINISHED_STATUS_IDS.has(id);
  return name !== null && name.trim() !== '' && !FINISHED_STATUS_TEXT.test(name.trim());
}

/** Newest first: by creation time, then by id (ids only grow), tickets without a date last. */
export function newestFirst(a: Ticket, b: Ticket): number {
  if (a.createdAt !== b.createdAt) {
    if (a.createdAt === null) return 1;
    if (b.createdAt === null) return -1;
    // "YYYY-MM-DD HH:MM:SS" sorts as text.
    return a.createdAt < b.createdAt ? 1 : -1;
  }
  return b.id - a.id;
}

/** The status as a technician reads it: ITFlow's name when it sent one, else the built-in name for the id. */
export function ticketStatusName(ticket: Ticket): string {
  const { id, name } = ticket.status;
  if (name !== null && name.trim() !== '') return name.trim();
  if (id === null) return 'Unknown';
  return BUILT_IN_STATUS_NAMES.get(id) ?? `Status ${id}`;
}

/** "TCK-5": the number as ITFlow shows it. */
export function ticketReference(ticket: Ticket): string {
  return `${ticket.prefix}${ticket.number}`;
}

/** One ticket line on a card. */
export interface TicketView {
  id: number;
  /** The ticket's client, for the link into ITFlow. */
  clientId: number;
  reference: string;
  subject: string;
  status: string;
  priority: string;
  createdAt: string | null;
}

/** A contact's open tickets as a card shows them: how many, and the latest few. */
export interface OpenTicketsView {
  count: number;
  /** False when not every ticket could be looked at (so the count is "at least"). */
  countIsExact: boolean;
  latest: TicketView[];
}

export function ticketView(ticket: Ticket): TicketView {
  return {
    id: ticket.id,
    clientId: ticket.clientId,
    reference: ticketReference(ticket),
    subject: ticket.subject,
    status: ticketStatusName(ticket),
    priority: ticket.priority,
    createdAt: ticket.createdAt,
  };
}

/**
 * The open ones among `tickets` (any order, any contacts' — filter by contact first), newest first, at most
 * `latest` of them in the view. `complete` says whether `tickets` held every ticket that could match.
 */
export function openTicketsView(tickets: readonly Ticket[], options: { latest: number; complete: boolean }): OpenTicketsView {
  const open = tickets.filter(isOpenTicket).sort(newestFirst);
  return {
    count: open.length,
    countIsExact: options.complete,
    latest: open.slice(0, Math.max(0, Math.floor(options.latest))).map(ticketView),
  };
}

/** What to ask ITFlow for a contact's open tickets: the newest `limit` open ones (see ItflowTicketsApi). */
export function openTicketsQuery(limit: number): ContactTicketsQuery {
  return { limit, matches: isOpenTicket };
}

/**
 * The view of a scan made with openTicketsQuery: its match count (exact only when the scan read every
 * ticket; it may exceed the tickets returned) and the latest few.
 */
export function openTicketsFromScan(scan: ContactTickets, latest: number): OpenTicketsView {
  const view = openTicketsView(scan.tickets, { latest, complete: scan.stoppedBy === 'end' });
  return { ...view, count: scan.matched };
}
