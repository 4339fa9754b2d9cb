import { z } from 'zod';
import { cards, type AddFormOptions } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { reply } from '../replies';
import type { Reply, TurnScope } from '../turn-scope';
import { defineVerb } from './verb';

const optionalText = z.string().max(500).optional();

const addData = z.object({
  name: optionalText,
  email: optionalText,
  phone: optionalText,
  clientId: z.union([z.number(), z.string()]).optional().transform((v) => (v === undefined || v === '' ? undefined : Number(v))),
});

export interface AddFormPrefill {
  name?: string;
  email?: string;
  phone?: string;
  clientId?: number;
}

/** A fresh add form (a new form id, so its submission creates at most once), filled in with what is known. */
export function addFormReply(prefill: AddFormPrefill, turn: TurnScope, extra: Omit<AddFormOptions, 'formId' | 'clientId' | 'values'> = {}): Reply {
  const { name, email, phone, clientId } = prefill;
  return reply(cards.addForm(turn.cards, { formId: turn.newFormId(), clientId, values: { name, email, phone, clientId: clientId?.toString() }, ...extra }));
}

/** "Add a contact" on a no-match card: the add form, prefilled from the search. */
export const addVerb = defineVerb({
  verb: VERBS.add,
  schema: addData,
  writes: true,
  run: async (data, _raw, turn) => addFormReply(data, turn),
});
