/**
 * Teams announces one install twice: an installationUpdate ("add") and a conversationUpdate whose membersAdded
 * holds the bot. Either may come alone (older clients, other channels), so both welcome, and this remembers
 * which conversations were just welcomed so people see the card once.
 */
export class WelcomeOnce {
  private readonly welcomedAt = new Map<string, number>();

  constructor(
    private readonly options: { windowMs?: number; maxRemembered?: number; now?: () => number } = {},
  ) {}

  /** True the first time for a conversation, and again once the window has passed (the app was re-added). */
  claim(conversationId: string): boolean {
    const now = (this.options.now ?? Date.now)();
    const last = this.welcomedAt.get(conversationId);
    if (last !== undefined && now - last < (this.options.windowMs ?? 10 * 60_000)) return false;
    this.welcomedAt.delete(conversationId);
    this.welcomedAt.set(conversationId, now);
    if (this.welcomedAt.size > (this.options.maxRemembered ?? 1000)) {
      const oldest = this.welcomedAt.keys().next().value;
      if (oldest !== undefined) this.welcomedAt.delete(oldest);
    }
    return true;
  }
}
