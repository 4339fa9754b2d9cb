import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { AdaptiveCardJson } from '../cards/render';
import { withSubmitActions } from '../cards/submit-actions';

/** Teams tells the platform in a clientInfo entity on every activity it sends from a user's client. */
const clientInfo = z.object({ type: z.literal('clientInfo'), platform: z.string().max(40) });
const MOBILE_PLATFORMS = new Set(['ios', 'android']);

/** True when the activity came from Teams on a phone or tablet (iOS, Android). Malformed entities read as desktop. */
export function isMobileClient(entities: unknown): boolean {
  if (!Array.isArray(entities)) return false;
  return entities.some((e) => {
    const info = clientInfo.safeParse(e);
    return info.success && MOBILE_PLATFORMS.has(info.data.platform.toLowerCase());
  });
}

/** A card answering a phone carries Action.Submit for every verb; elsewhere the card is sent as built. */
export function cardForClient(card: AdaptiveCardJson, mobile: boolean): AdaptiveCardJson {
  return mobile ? withSubmitActions(card) : card;
}

/**
 * The answer to a Submit from a phone: the bot replaces the card that was tapped, as Teams does with an Execute
 * answer elsewhere, so a phone walks the same flow. Without a card to replace, or when Teams refuses the update,
 * the answer is posted as a new message.
 */
export async function replaceTappedCard(context: TurnContext, card: AdaptiveCardJson, logger: Logger): Promise<void> {
  const attachment = CardFactory.adaptiveCard(card);
  const original = context.activity.replyToId;
  if (original) {
    try {
      await context.updateActivity({ id: original, type: ActivityTypes.Message, attachments: [attachment] });
      return;
    } catch (err) {
      logger.warn('could not update the tapped card; posting the answer instead', { error: err });
    }
  }
  await context.sendActivity(MessageFactory.attachment(attachment));
}
