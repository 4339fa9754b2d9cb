import { cards } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { versionOf } from '../../contacts/contact';
import { contactReply } from '../replies';
import type { Reply, TurnScope } from '../turn-scope';
import { contactRef, defineVerb } from './verb';

/** The edit form, built from a fresh read; its version token is what a later conflict is judged against. */
export function openEditForm(id: number, turn: TurnScope): Promise<Reply> {
  return contactReply(id, turn, VERBS.edit, (contact) => cards.editForm(contact, turn.cards, { version: versionOf(contact) }));
}

export const editVerb = defineVerb({
  verb: VERBS.edit,
  schema: contactRef,
  writes: true,
  run: async ({ contactId }, _raw, turn) => openEditForm(contactId, turn),
});
