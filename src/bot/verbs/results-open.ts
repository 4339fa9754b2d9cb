import { z } from 'zod';
import { cards, searchData } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { describeFailure, MESSAGES } from '../user-messages';
import type { Reply, TurnScope } from '../turn-scope';
import { searchSchema } from './results-page';

/** A results row: the contact, plus the search it was listed by so its card can go "Back to results". */
export const verb = VERBS.resultsOpen;
export const schema = searchSchema.extend({
  contactId: z.union([z.number(), z.string().regex(/^\d{1,10}$/)]).transform(Number).pipe(z.number().int().positive()),
});
export const writes = false;

export async function run(data: z.infer<typeof schema>, _raw: Record<string, unknown>, turn: TurnScope): Promise<Reply> {
  const back = searchData(data, data.offset);
  try {
    const contact = await turn.service.get(data.contactId);
    if (contact === null) return { card: cards.message({ ...MESSAGES.notFound(data.contactId), actions: [{ title: 'Back to results', verb: VERBS.resultsPage, data: back }] }) };
    return { card: cards.contact(contact, turn.cards, { back }) };
  } catch (err) {
    turn.logger.warn('read failed', { error: err });
    const message = describeFailure(err, 'read');
    return {
      card: cards.message({
        ...message,
        actions: [
          { title: 'Try again', verb, data: { ...back, verb, contactId: data.contactId } },
          { title: 'Back to results', verb: VERBS.resultsPage, data: back },
        ],
      }),
    };
  }
}
