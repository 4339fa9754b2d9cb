import type { AdaptiveCardJson } from '../../cards/render';
import type { PinCheck } from '../../contacts/pin-check';
import type { TeamsUser } from '../access';

/** What Verify PIN needs beyond a turn: the check, the attempt budget and the way into the user's personal chat. */
export interface PinVerification {
  check: Pick<PinCheck, 'check' | 'hasPin'>;
  attempts: PinAttemptBudget;
  /** Posts a card into the user's personal chat with the bot; 'unknown-technician' when there is no way there yet. */
  sendPrivately(user: TeamsUser, card: AdaptiveCardJson): Promise<'sent' | 'unknown-technician'>;
}

export interface PinAttemptBudget {
  readonly max: number;
  readonly windowMinutes: number;
  /** True when another check of this contact is allowed now (and counts it); throws when the store is down. */
  take(contactId: number): Promise<boolean>;
}
