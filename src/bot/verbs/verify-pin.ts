/**
 * Verify PIN: a technician types what the caller says; the bot answers ✓ or ✗ to that technician only.
 *
 * contact.verifyPin opens the PIN card. In a personal chat it is the answer itself; anywhere else the answer (seen
 * by the presser) is the contact card saying where to look, and the PIN card goes to the presser's personal chat
 * through its stored conversation reference, so neither the input nor the verdict ever shows in a channel.
 * contact.checkPin compares (constant time, in ContactPin) after taking one of the contact's attempts, and
 * answers only in a personal chat. Each check is audited without the PIN; nothing here logs the turn's data.
 */
import { z } from 'zod';
import { pinCheckCard, PIN_INPUT_ID } from '../../cards/pin-check';
import { cards } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import type { Contact } from '../../contacts/contact';
import { StoreUnavailableError } from '../../store';
import { audit, failureKind } from '../audit';
import { PIN_MESSAGES } from '../call-messages';
import type { UserMessage } from '../message-types';
import { describeFailure, MESSAGES } from '../user-messages';
import type { Reply, TurnScope } from '../turn-scope';
import { contactIdField, contactRef, defineVerb } from './verb';

export const verifyPinData = contactRef;
/** The PIN arrives as the card's input; a missing one reads as empty. Anything longer than the input allows is not a PIN. */
export const checkPinData = z.object({ contactId: contactIdField, [PIN_INPUT_ID]: z.string().max(100).optional() });

const AUDIT_ACTION = 'verify PIN';

export async function openPinCheck(id: number, turn: TurnScope): Promise<Reply> {
  const pins = turn.pins;
  if (pins === undefined) return message(PIN_MESSAGES.notConfigured());
  let contact: Contact | null;
  let hasPin: boolean | null;
  try {
    [contact, hasPin] = await Promise.all([turn.service.get(id), pins.check.hasPin(id)]);
  } catch (err) {
    turn.logger.warn('verify PIN: could not read the contact', { error: err });
    return message(describeFailure(err, 'read'));
  }
  if (contact === null || hasPin === null) return message(MESSAGES.notFound(id));
  const name = contact.name.trim() || '(no name)';
  if (!hasPin) return message(PIN_MESSAGES.noPin(name));
  const card = pinCheckCard({ contactId: id, name, client: turn.cards.clientName(contact.clientId) });
  if (turn.personalChat === true) return { card };
  const sent = await pins.sendPrivately(turn.user, card).catch((err: unknown) => {
    turn.logger.warn('verify PIN: could not reach the personal chat', { error: err });
    return 'unknown-technician' as const;
  });
  if (sent !== 'sent') return message(PIN_MESSAGES.needPersonalChat());
  const opened = PIN_MESSAGES.openedPrivately();
  return { card: cards.contact(contact, turn.cards, { banner: { tone: opened.tone, text: opened.text } }) };
}

export async function checkPin(data: z.infer<typeof checkPinData>, turn: TurnScope): Promise<Reply> {
  const pins = turn.pins;
  if (pins === undefined) return message(PIN_MESSAGES.notConfigured());
  const id = data.contactId;
  const record = (result: string, reason?: string) =>
    audit(turn.logger, turn.user, { action: AUDIT_ACTION, contactId: id, result, changedFields: [], attemptedFields: [], ...(reason !== undefined && { reason }) });
  // Only the personal chat ever shows a PIN card: a check from anywhere else is answered without checking.
  if (turn.personalChat !== true) {
    record('refused', 'not a personal chat');
    return message(PIN_MESSAGES.personalOnly());
  }
  const cached = turn.service.cached(id);
  const name = cached?.name.trim() || `contact #${id}`;
  const again = (banner: UserMessage) =>
    ({ card: pinCheckCard({ contactId: id, name, client: cached ? turn.cards.clientName(cached.clientId) : '', banner: { tone: banner.tone, text: `${banner.title}. ${banner.text}` } }) });
  const attempt = data[PIN_INPUT_ID] ?? '';
  if (attempt.trim() === '') return again(PIN_MESSAGES.empty());
  try {
    // The presser's own view decides (a connected technician's clients), not the shared key's.
    if ((await turn.service.get(id)) === null) {
      record('refused', 'contact not visible to this user');
      return message(MESSAGES.notFound(id));
    }
    if (!(await pins.attempts.take(id))) {
      record('limited');
      return message(PIN_MESSAGES.limited(name, pins.attempts.max, pins.attempts.windowMinutes));
    }
    const result = await pins.check.check(id, attempt);
    record(result);
    switch (result) {
      case 'match':
        return message(PIN_MESSAGES.match(name), [{ title: 'Back to contact', verb: VERBS.view, data: { contactId: id } }]);
      case 'mismatch':
        return again(PIN_MESSAGES.mismatch(name));
      case 'noPin':
        return message(PIN_MESSAGES.noPin(name));
      case 'notFound':
        return message(MESSAGES.notFound(id));
    }
  } catch (err) {
    record('failed', failureKind(err));
    turn.logger.warn('verify PIN: check failed', { error: err });
    return message(err instanceof StoreUnavailableError ? PIN_MESSAGES.unavailable() : describeFailure(err, 'read'));
  }
}

function message(text: UserMessage, actions?: Array<{ title: string; verb: string; data: Record<string, number> }>): Reply {
  return { card: cards.message({ ...text, ...(actions !== undefined && { actions }) }) };
}

/** Verify PIN on a contact card: opens the PIN card (in the presser's personal chat). */
export const verifyPinVerb = defineVerb({
  verb: VERBS.verifyPin,
  schema: verifyPinData,
  writes: false,
  run: async ({ contactId }, _raw, turn) => openPinCheck(contactId, turn),
});

/** Check on the PIN card: ✓ or ✗, to the presser only. */
export const checkPinVerb = defineVerb({
  verb: VERBS.checkPin,
  schema: checkPinData,
  writes: false,
  run: async (data, _raw, turn) => checkPin(data, turn),
});
