import type { CardContext, ConversationKind } from '../cards/types';
import type { ContactService } from '../contacts/contact-service';
import type { TicketView } from '../contacts/tickets';
import type { Contact } from '../contacts/contact';

/** Fills the configured "Open in ITFlow" template; null when the contact has no web page to link to. */
export function contactLinkFor(template: string, baseUrl: string | null): (contact: Contact) => string | null {
  if (baseUrl === null) return () => null;
  return (contact) =>
    template
      .replaceAll('{baseUrl}', baseUrl)
      .replaceAll('{clientId}', String(contact.clientId))
      .replaceAll('{contactId}', String(contact.id));
}

/** Where the turn happens: a personal chat unless the activity says otherwise. */
export interface CardPlace {
  conversation: ConversationKind;
  botName: string;
}

const PERSONAL: CardPlace = { conversation: 'personal', botName: 'ITFlow' };

/** Teams' conversationType; anything unknown reads as a shared conversation, where less is posted. */
export function conversationKindOf(conversationType: unknown): ConversationKind {
  if (conversationType === undefined || conversationType === null || conversationType === 'personal') return 'personal';
  return conversationType === 'groupChat' ? 'groupChat' : 'channel';
}


/** Fills the ticket link template the same way; null in the embedded sandbox, which has no web pages. */
export function ticketLinkFor(template: string, baseUrl: string | null): (ticket: TicketView) => string | null {
  if (baseUrl === null) return () => null;
  return (ticket) =>
    template
      .replaceAll('{baseUrl}', baseUrl)
      .replaceAll('{clientId}', String(ticket.clientId))
      .replaceAll('{ticketId}', String(ticket.id));
}

export function makeCardContext(service: ContactService, link: (c: Contact) => string | null, canEdit: boolean, place: CardPlace = PERSONAL): CardContext {
  return {
    ...place,
    clientName: (id) => service.clientName(id),
    locationName: (id) => service.locationName(id),
    clients: () => service.clients(),
    locationsForClient: (clientId) => service.locations().filter((l) => l.clientId === clientId),
    contactLink: link,
    canEdit,
    phoneRegion: service.phoneRegion,
  };
}
