import type { Logger } from '../logger';
import { STORE_KEYS, type Store } from '../store';

/**
 * Teams announces one install twice: an installationUpdate ("add") and a conversationUpdate whose membersAdded
 * holds the bot. Either may come alone (older clients, other channels), so both welcome, and the store remembers
 * which conversations were just welcomed (by any instance, across restarts) so people see the card once.
 */
export class WelcomeOnce {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly windowMs = 10 * 60_000,
  ) {}

  /** True the first time for a conversation, and again once the window has passed (the app was re-added). */
  async claim(conversationId: string): Promise<boolean> {
    try {
      return await this.store.markOnce(STORE_KEYS.welcome(conversationId), this.windowMs);
    } catch (error) {
      // A welcome shown twice is better than none: without the store, every announcement welcomes.
      this.logger.warn('could not check whether this conversation was welcomed; welcoming anyway', { error });
      return true;
    }
  }
}
