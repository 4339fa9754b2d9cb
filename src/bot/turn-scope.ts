import type { AdaptiveCardJson } from '../cards/render';
import type { CardContext } from '../cards/views';
import type { ContactService } from '../contacts/contact-service';
import type { Logger } from '../logger';
import type { TeamsUser } from './access';
import type { RecentSaves } from './recent-saves';
import type { PinVerification } from './verbs/pin-ports';

/** Everything a command or card action needs for one turn; built by the bot, free of botbuilder types. */
export interface TurnScope {
  user: TeamsUser;
  canEdit: boolean;
  cards: CardContext;
  service: ContactService;
  logger: Logger;
  newFormId(): string;
  /** The bot's own recent saves, so a conflict can say who made the other change. */
  recentSaves?: RecentSaves;
  /** Verify PIN (absent: not set up). */
  pins?: PinVerification;
  /** Waits a bounded time for a contact's open tickets, so the contact card about to be built can list them. */
  prefetchTickets?(contactId: number): Promise<void>;
  /** True in the user's personal chat with the bot; anything else (channel, group chat, unknown) is shared. */
  personalChat?: boolean;
}

/** What the bot sends back: a card, and whether the original message should be updated for everyone. */
export interface Reply {
  card: AdaptiveCardJson;
  /** Set after a successful save: the card that triggered it is replaced for everyone in the conversation. */
  broadcast?: boolean;
}
