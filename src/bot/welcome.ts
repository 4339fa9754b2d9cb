import { BoundedMap } from '../bounded-map';

/**
 * Teams announces one install twice: an installationUpdate ("add") and a conversationUpdate whose membersAdded
 * holds the bot. Either may come alone (older clients, other channels), so both welcome, and this remembers
 * which conversations were just welcomed so people see the card once.
 */
export class WelcomeOnce {
  private readonly welcomedAt: BoundedMap<string, number>;

  constructor(
    private readonly options: { windowMs?: number; maxRemembered?: number; now?: () => number } = {},
  ) {
    this.welcomedAt = new BoundedMap(options.maxRemembered ?? 1000);
  }

  /** True the first time for a conversation, and again once the window has passed (the app was re-added). */
  claim(conversationId: string): boolean {
    const now = (this.options.now ?? Date.now)();
    const last = this.welcomedAt.get(conversationId);
    if (last !== undefined && now - last < (this.options.windowMs ?? 10 * 60_000)) return false;
    this.welcomedAt.set(conversationId, now);
    return true;
  }
}
