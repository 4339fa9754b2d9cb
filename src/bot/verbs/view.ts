import { cards } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { contactReply } from '../replies';
import type { Reply, TurnScope } from '../turn-scope';
import { contactRef, defineVerb } from './verb';

/** The contact card, read fresh from ITFlow; a failed read offers to try again. */
export function showContact(id: number, turn: TurnScope): Promise<Reply> {
  const tickets = turn.prefetchTickets?.(id);
  return contactReply(id, turn, VERBS.view, (contact) => cards.contact(contact, turn.cards), tickets);
}

export const viewVerb = defineVerb({
  verb: VERBS.view,
  schema: contactRef,
  writes: false,
  run: async ({ contactId }, _raw, turn) => showContact(contactId, turn),
});
