import { cards } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { versionOf } from '../../contacts/contact';
import { failureReply, messageReply, reply } from '../replies';
import { MESSAGES } from '../user-messages';
import type { Reply, TurnScope } from '../turn-scope';
import { contactRef, defineVerb } from './verb';

/** The edit form, built from a fresh read; its version token is what a later conflict is judged against. */
export async function openEditForm(id: number, turn: TurnScope): Promise<Reply> {
  try {
    const contact = await turn.service.get(id);
    if (contact === null) return messageReply(MESSAGES.notFound(id));
    return reply(cards.editForm(contact, turn.cards, { version: versionOf(contact) }));
  } catch (err) {
    return failureReply(err, turn, { title: 'Try again', verb: VERBS.edit, data: { contactId: id } });
  }
}

export const editVerb = defineVerb({
  verb: VERBS.edit,
  schema: contactRef,
  writes: true,
  run: async ({ contactId }, _raw, turn) => openEditForm(contactId, turn),
});
