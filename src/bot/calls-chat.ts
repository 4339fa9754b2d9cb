/**
 * The bot's side of caller ID: it remembers the way to each technician's personal chat (conversation references
 * in the store, keyed by Entra object id and by UPN, so a restart loses nothing), answers `my extension is 201`
 * and `my extension`, and delivers Incoming call cards through those references (the CallNotifier port).
 */
import { CardFactory, MessageFactory, TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { ClaimsIdentity, AuthenticationConstants } from 'botframework-connector';
import type { AdaptiveCardJson } from '../cards/render';
import { cards } from '../cards/views';
import { EXTENSIONS_HASH, type CallNotifier, type NotifyOutcome, type TechnicianRef } from '../calls/ringing';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { TeamsUser } from './access';
import { CALL_MESSAGES as MESSAGES } from './call-messages';

/** Store hash: `aad:<object id>` and `upn:<upn>` → conversation reference (JSON). */
export const CONVERSATIONS_HASH = 'bot:conversations';
const MY_EXTENSION = /^(?:my\s+)?(?:phone\s+)?ext(?:ension|\.)?(?:\s+(?:is|=|:))?(?:\s+(\d{1,10}))?[\s.!]*$/i;

export class CallsChat implements CallNotifier {
  /** References already stored by this process, so a chatty user costs one store write, not one per message. */
  private readonly stored = new Set<string>();

  constructor(
    private readonly deps: { store: Store; logger: Logger; appId: string | undefined; adapter?: () => CloudAdapter | undefined },
  ) {}

  /** Personal chats only: that is where Incoming call cards go. */
  async remember(context: TurnContext, user: TeamsUser): Promise<void> {
    if (context.activity.conversation?.conversationType !== 'personal') return;
    const reference = TurnContext.getConversationReference(context.activity);
    const json = JSON.stringify(reference);
    const keys = [user.aadObjectId !== null ? `aad:${user.aadObjectId}` : null, user.upn !== null ? `upn:${user.upn.toLowerCase()}` : null];
    for (const key of keys) {
      if (key === null || this.stored.has(`${key}\n${json}`)) continue;
      try {
        await this.deps.store.hashSet(CONVERSATIONS_HASH, key, json);
        this.stored.add(`${key}\n${json}`);
      } catch (err) {
        this.deps.logger.warn('could not store the conversation reference', { error: err });
      }
    }
  }

  /** Answers `my extension is 201` / `my extension`; false when the text is something else. */
  async handleMessage(context: TurnContext, text: string, user: TeamsUser): Promise<boolean> {
    const match = MY_EXTENSION.exec(text.trim());
    if (match === null || !/ext/i.test(text)) return false;
    let message;
    if (context.activity.conversation?.conversationType !== 'personal' || user.aadObjectId === null) {
      message = MESSAGES.extensionPersonalOnly();
    } else if (match[1] !== undefined) {
      const ref: TechnicianRef = { aadObjectId: user.aadObjectId, ...(user.upn !== null && { email: user.upn.toLowerCase() }) };
      await this.deps.store.hashSet(EXTENSIONS_HASH, match[1], JSON.stringify(ref));
      message = MESSAGES.extensionSaved(match[1]);
    } else {
      const all = await this.deps.store.hashGetAll(EXTENSIONS_HASH);
      const mine = [...all].filter(([, v]) => v.includes(`"aadObjectId":${JSON.stringify(user.aadObjectId)}`)).map(([ext]) => ext);
      message = MESSAGES.extensionShown(mine);
    }
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(cards.message(message))));
    return true;
  }

  async notify(technician: TechnicianRef, card: AdaptiveCardJson): Promise<NotifyOutcome> {
    const adapter = this.deps.adapter?.();
    const reference = await this.referenceFor(technician);
    if (reference === null || adapter === undefined) return 'unknown-technician';
    const identity = new ClaimsIdentity(
      this.deps.appId ? [{ type: AuthenticationConstants.AudienceClaim, value: this.deps.appId }, { type: AuthenticationConstants.AppIdClaim, value: this.deps.appId }] : [],
      this.deps.appId ? true : 'anonymous',
    );
    await adapter.continueConversationAsync(identity, reference, async (context) => {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    });
    return 'sent';
  }

  /** A card into the user's own personal chat with the bot (Verify PIN pressed in a channel). */
  sendPrivately(user: TeamsUser, card: AdaptiveCardJson): Promise<NotifyOutcome> {
    const technician: TechnicianRef = {
      ...(user.aadObjectId !== null && { aadObjectId: user.aadObjectId }),
      ...(user.upn !== null && { email: user.upn.toLowerCase() }),
    };
    if (technician.aadObjectId === undefined && technician.email === undefined) return Promise.resolve('unknown-technician');
    return this.notify(technician, card);
  }

  private async referenceFor(technician: TechnicianRef): Promise<Partial<ConversationReference> | null> {
    const keys = [technician.aadObjectId !== undefined ? `aad:${technician.aadObjectId}` : null, technician.email !== undefined ? `upn:${technician.email}` : null];
    for (const key of keys) {
      if (key === null) continue;
      const json = await this.deps.store.hashGet(CONVERSATIONS_HASH, key);
      if (json === undefined) continue;
      try {
        return JSON.parse(json) as Partial<ConversationReference>;
      } catch {
        this.deps.logger.warn('ignored an unreadable conversation reference');
      }
    }
    return null;
  }
}
