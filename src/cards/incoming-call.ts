/** The Incoming call card: who is calling (or the candidates on a shared line, or an unknown number). Pure. */
import incomingCallTemplate from '../../cards/incoming-call.json';
import type { Contact } from '../itflow/types';
import { renderCard, type AdaptiveCardJson } from './render';
import { ticketsTitle, type TicketSummary } from './ticket-lines';

export type { TicketLine, TicketSummary } from './ticket-lines';

const NOTES_PREVIEW = 200;

export interface IncomingCallContext {
  clientName(id: number): string;
  contactLink(contact: Contact): string | null;
  canEdit: boolean;
  canVerifyPin: boolean;
}

export interface IncomingCaller {
  contact: Contact;
  tickets: TicketSummary | null;
}

export function incomingCallCard(number: string, callers: IncomingCaller[], sharedLine: boolean, ctx: IncomingCallContext): AdaptiveCardJson {
  const clientIds = new Set(callers.map((c) => c.contact.clientId));
  const [onlyClient] = clientIds;
  const title =
    callers.length === 0 ? 'Incoming call — unknown number' : sharedLine ? `Incoming call — shared line (${callers.length} contacts)` : `Incoming call — ${callers[0]!.contact.name}`;
  return renderCard(incomingCallTemplate, {
    title,
    subtitle: callers.length === 0 ? `${number} is not in ITFlow yet.` : number,
    number,
    canAdd: callers.length === 0 || sharedLine,
    addClientId: clientIds.size === 1 && onlyClient !== undefined ? String(onlyClient) : '',
    callers: callers.map(({ contact, tickets }) => ({
      contactId: contact.id,
      name: contact.name,
      details: [ctx.clientName(contact.clientId), contact.title, contact.email].filter((s) => s !== '').join(' · '),
      flags: [contact.primary ? 'Primary' : '', contact.important ? 'Important' : ''].filter((s) => s !== '').join(' · '),
      notes: contact.notes.length > NOTES_PREVIEW ? `${contact.notes.slice(0, NOTES_PREVIEW - 1)}…` : contact.notes,
      ticketsTitle: ticketsTitle(tickets),
      tickets: tickets?.latest ?? [],
      itflowUrl: ctx.contactLink(contact) ?? '',
      canEdit: ctx.canEdit,
      canVerifyPin: ctx.canVerifyPin,
    })),
  });
}
