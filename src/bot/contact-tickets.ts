import { ticketSummary, type TicketSummary } from '../cards/ticket-lines';
import type { OpenTicketsCache } from '../contacts/open-tickets-cache';
import type { TicketView } from '../contacts/tickets';

/**
 * Open tickets for the cards: the contact card reads them from memory only (CardContext.openTickets), after
 * the command or button that shows one contact has waited for them a bounded time (`prefetch`); the Incoming
 * call card asks with `load` and bounds the wait itself.
 */
export class ContactTickets {
  constructor(
    private readonly cache: OpenTicketsCache,
    private readonly link: (ticket: TicketView) => string | null,
  ) {}

  /** In memory, or undefined: never reads. */
  summary(contactId: number): TicketSummary | undefined {
    const view = this.cache.peek(contactId);
    return view === undefined ? undefined : ticketSummary(view, this.link);
  }

  /** Waits at most TICKETS_WAIT_MS for the contact's tickets to be in memory. */
  async prefetch(contactId: number): Promise<void> {
    await this.cache.within(contactId);
  }

  async load(contactId: number): Promise<TicketSummary | null> {
    const view = await this.cache.load(contactId);
    return view === null ? null : ticketSummary(view, this.link);
  }
}
