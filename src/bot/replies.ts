import { cards } from '../cards/views';
import type { Contact } from '../contacts/contact';
import type { RawFormValues } from '../contacts/contact-form';
import { describeFailure, MESSAGES } from './user-messages';
import type { UserMessage } from './message-types';
import type { Reply, TurnScope } from './turn-scope';

/** The shapes of the bot's answers, shared by commands, card verbs and the deadline. */

export function reply(card: Reply['card']): Reply {
  return { card };
}

export function messageReply(message: UserMessage): Reply {
  return reply(cards.message(message));
}

export interface RetryAction {
  title: string;
  verb: string;
  data: Record<string, string | number | boolean>;
}

/** A failed read, said in words, with a button that tries the same thing again. */
export function failureReply(err: unknown, turn: TurnScope, retry: RetryAction): Reply {
  turn.logger.warn('read failed', { error: err });
  return reply(cards.message({ ...describeFailure(err, 'read'), actions: [retry] }));
}

/**
 * A card built from a fresh read of one contact; "not found" when it is missing or out of scope, and a failed
 * read offers a button that tries the same verb again.
 */
export async function contactReply(
  id: number,
  turn: TurnScope,
  retryVerb: string,
  cardFor: (contact: Contact) => Reply['card'],
  /** Work started alongside the read (the contact's tickets), awaited before the card is built. */
  alongside?: Promise<unknown>,
): Promise<Reply> {
  try {
    const contact = await turn.service.get(id);
    if (contact === null) return messageReply(MESSAGES.notFound(id));
    await alongside;
    return reply(cardFor(contact));
  } catch (err) {
    return failureReply(err, turn, { title: 'Try again', verb: retryVerb, data: { contactId: id } });
  }
}

/** Which edit form to show again: the contact and the version token the user's form was built from. */
export interface EditFormRef {
  contactId: number;
  version: string;
}

/** The edit form again, as the user typed it, built from the directory's copy; null when there is no copy. */
export function editFormAgain(ref: EditFormRef, values: RawFormValues, banner: { tone: UserMessage['tone']; text: string }, turn: TurnScope): Reply | null {
  const snapshot = turn.service.cached(ref.contactId);
  return snapshot === undefined ? null : reply(cards.editForm(snapshot, turn.cards, { version: ref.version, values, banner }));
}

/** Without a copy to rebuild the form from, the typed values go in the card's own text so nothing is lost. */
export function typedValuesReply(message: UserMessage, values: RawFormValues): Reply {
  const typed = Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return messageReply({ ...message, text: `${message.text}\n\nWhat you typed:\n${typed}` });
}
