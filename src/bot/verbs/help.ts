import { z } from 'zod';
import { cards } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { reply } from '../replies';
import { defineVerb } from './verb';

export const helpVerb = defineVerb({
  verb: VERBS.help,
  schema: z.object({}),
  writes: false,
  run: async (_data, _raw, turn) => reply(cards.help(turn.cards)),
});
