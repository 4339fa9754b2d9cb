import type { AdaptiveCardJson } from '../cards/render';
import type { CardContext } from '../cards/views';
import type { ContactService } from '../contacts/contact-service';
import type { Logger } from '../logger';
import type { TeamsUser } from './access';
import type { RecentSaves } from './recent-saves';

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
}

/** What the bot sends back: a card, and whether the original message should be updated for everyone. */
export interface Reply {
  card: AdaptiveCardJson;
  /** Set after a successful save: the card that triggered it is replaced for everyone in the conversation. */
  broadcast?: boolean;
}
