/** A contact's open tickets as cards show them (contact card, Incoming call card). Pure. */
import type { OpenTicketsView, TicketView } from '../contacts/tickets';

const SUBJECT_LENGTH = 60;

export interface TicketLine {
  /** "TCK-5 · Printer jam · Open" */
  label: string;
  /** The ticket in ITFlow; '' when no link can be built. */
  url: string;
}

/** A contact's open tickets as the cards show them; null where they could not be read in time. */
export interface TicketSummary {
  count: number;
  /** False when only the newest tickets were looked at (the count is then "at least"). */
  countIsExact: boolean;
  latest: TicketLine[];
}

export function ticketSummary(view: OpenTicketsView, link: (ticket: TicketView) => string | null): TicketSummary {
  return {
    count: view.count,
    countIsExact: view.countIsExact,
    latest: view.latest.map((ticket) => ({
      label: [ticket.reference, shorten(ticket.subject.trim() || '(no subject)'), ticket.status].join(' · '),
      url: link(ticket) ?? '',
    })),
  };
}

/** The section's heading; '' (no section) when the tickets are not known. */
export function ticketsTitle(summary: TicketSummary | null | undefined): string {
  if (summary === null || summary === undefined) return '';
  if (summary.count === 0) return summary.countIsExact ? 'No open tickets' : 'No recent open tickets';
  const count = summary.countIsExact ? String(summary.count) : `${summary.count}+`;
  return `Open tickets: ${count}`;
}

function shorten(text: string): string {
  return text.length > SUBJECT_LENGTH ? `${text.slice(0, SUBJECT_LENGTH - 1)}…` : text;
}
