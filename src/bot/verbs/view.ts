import { cards } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { failureReply, messageReply, reply } from '../replies';
import { MESSAGES } from '../user-messages';
import type { Reply, TurnScope } from '../turn-scope';
import { contactRef, defineVerb } from './verb';

/** The contact card, read fresh from ITFlow; a failed read offers to try again. */
export async function showContact(id: number, turn: TurnScope): Promise<Reply> {
  try {
    const contact = await turn.service.get(id);
    if (contact === null) return messageReply(MESSAGES.notFound(id));
    return reply(cards.contact(contact, turn.cards));
  } catch (err) {
    return failureReply(err, turn, { title: 'Try again', verb: VERBS.view, data: { contactId: id } });
  }
}

export const viewVerb = defineVerb({
  verb: VERBS.view,
  schema: contactRef,
  writes: false,
  run: async ({ contactId }, _raw, turn) => showContact(contactId, turn),
});
