import { z } from 'zod';
import { cards } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { MESSAGES } from '../user-messages';
import type { Reply, TurnScope } from '../turn-scope';

/** Cancel on the add form: the form goes away and nothing is written. Reads nothing, so anyone may press it. */
export const verb = VERBS.addCancel;
export const schema = z.object({});
export const writes = false;

export async function run(_data: unknown, _raw: Record<string, unknown>, turn: TurnScope): Promise<Reply> {
  const actions = turn.canEdit ? [{ title: 'Add contact', verb: VERBS.add }] : [];
  return Promise.resolve({ card: cards.message({ ...MESSAGES.addCancelled(), actions }) });
}
