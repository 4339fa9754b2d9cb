import { z } from 'zod';
import type { PageRequest } from './types';

/**
 * A ticket as the rest of the app sees it: one shape for both ITFlow generations, ids parsed, the status
 * split into its id and (when ITFlow sent it) its name. Ticket details (customer HTML, often long) and the
 * URL key (which opens the ticket's guest view without signing in) are dropped by the ITFlow client.
 */
export const ticketSchema = z.object({
  id: z.number().int().positive(),
  /** ITFlow shows prefix + number, e.g. "TCK-" + 5. */
  prefix: z.string(),
  number: z.number().int().nonnegative(),
  subject: z.string(),
  /** Free text, usually Low / Medium / High. */
  priority: z.string(),
  status: z.object({
    /**
     * The ticket_statuses id (1 New, 2 Open, 3 On Hold, 4 Resolved, 5 Closed, higher = custom); null when the
     * server stored a text status instead (the late-2024 API wrote "Open").
     */
    id: z.number().int().nonnegative().nullable(),
    /** From the by-id read (which joins ticket_statuses), or the text status itself; null on list rows. */
    name: z.string().nullable(),
  }),
  /** 0 = no client. */
  clientId: z.number().int().nonnegative(),
  /** 0 = no contact. Not checked by ITFlow against the client: a ticket may name another client's contact. */
  contactId: z.number().int().nonnegative(),
  assignedTo: z.number().int().nonnegative(),
  source: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
});
export type Ticket = z.infer<typeof ticketSchema>;

/** Which of a contact's tickets to look for, newest first, and how far to look. */
export interface ContactTicketsQuery {
  /** Stop once this many matching tickets are found (the page being read is still counted to its end). */
  limit: number;
  /** Which tickets count (e.g. only open ones); every ticket of the contact when omitted. */
  matches?: (ticket: Ticket) => boolean;
  /** Stop reading older pages once this many ticket rows were read (the list's last page is read whole). Default 1,000. */
  maxRows?: number;
  /** Give up reading further (keeping what was found) after this long. Default: the client's lookup timeout. */
  budgetMs?: number;
}

export interface ContactTickets {
  /** Newest first (highest id first), at most `limit`. */
  tickets: Ticket[];
  /** Matches seen among the rows read (may exceed `limit`); the full count only when `stoppedBy` is 'end'. */
  matched: number;
  /**
   * Why reading stopped: 'end' = every visible ticket was read (the result is complete); 'limit' = enough
   * matches; 'maxRows' = the row bound; 'time' = the time budget (older tickets were not looked at).
   */
  stoppedBy: 'end' | 'limit' | 'maxRows' | 'time';
  rowsRead: number;
  requests: number;
}

/**
 * Ticket reads. ITFlow's API has no contact filter, no sort order but ticket_id ascending and no total count,
 * so "this contact's tickets" means reading ticket pages and filtering them here (see ItflowTickets).
 */
export interface ItflowTicketsApi {
  /** One page ordered by ticket id (oldest first); an empty array means the end of the list. */
  listTickets(page: PageRequest): Promise<Ticket[]>;
  /** With the status name; null when not found or not visible to the key. */
  getTicket(id: number): Promise<Ticket | null>;
  /** The contact's most recent tickets, read newest first within the query's bounds. */
  ticketsForContact(contactId: number, query: ContactTicketsQuery): Promise<ContactTickets>;
}
