import type { Client, Location } from '../itflow/types';
import type { Contact } from '../contacts/contact';
import type { TicketSummary } from './ticket-lines';

/** What the cards need to know about the world; the bot supplies it from its directory cache and config. */
export interface CardContext {
  /** '' when unknown. */
  clientName(id: number): string;
  /** '' when unknown or 0. */
  locationName(id: number): string;
  clients(): Client[];
  /** The client's locations, archived ones included (the pickers leave those out unless already chosen). */
  locationsForClient(clientId: number): Location[];
  /** "Open in ITFlow" URL, or null when no link can be built. */
  contactLink(contact: Contact): string | null;
  /** false: no Edit / Add buttons anywhere. */
  canEdit: boolean;
  /** Where the card is posted: channels and group chats need the @mention, and everyone there sees the card. */
  conversation: ConversationKind;
  /** The bot's name as people @mention it ("ITFlow"). */
  botName: string;
  /** true: contact cards offer Verify PIN. */
  canVerifyPin?: boolean;
  /** DEFAULT_PHONE_REGION: numbers in it show in national format, others international. Absent: 'US'. */
  phoneRegion?: string;
  /** The contact's open tickets when already in memory (never waits, never reads); absent: no Tickets section. */
  openTickets?(contact: Contact): TicketSummary | undefined;
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export type Tone = 'info' | 'good' | 'warning' | 'attention';

export interface Banner {
  tone: Tone;
  text: string;
}

export interface CardAction {
  title: string;
  verb: string;
  data?: Record<string, string | number | boolean>;
}

export type ActionData = Record<string, string | number | boolean>;
