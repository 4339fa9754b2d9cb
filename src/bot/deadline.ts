import { PIN_INPUT_ID } from '../cards/pin-check';
import { cards } from '../cards/views';
import { rawFormValues } from '../contacts/contact-form';
import { withinTimeLimit } from '../time-limit';
import { runAction } from './actions';
import { editFormAgain, reply } from './replies';
import { STILL_WORKING } from './user-messages';
import type { Reply, TurnScope } from './turn-scope';
import { createData, createVerb } from './verbs/create';
import { forceSaveVerb } from './verbs/force-save';
import { saveData, saveVerb } from './verbs/save';

/**
 * Teams gives a card action 5 seconds. When ITFlow is slower than the deadline, the user gets an answer in time
 * (the form again, with everything typed, or a retry) while the action finishes in the background: its write, if
 * any, still happens once, and pressing the button again is safe (a repeated Save finds "no changes", a repeated
 * Add answers with the contact the first one created).
 */
export async function runActionWithin(deadlineMs: number, verb: string, data: Record<string, unknown>, turn: TurnScope): Promise<Reply> {
  const work = runAction(verb, data, turn);
  const first = await withinTimeLimit(work, deadlineMs);
  if (first.inTime) return first.value;
  work.then(
    () => turn.logger.info('card action finished after its answer was sent', { verb }),
    (err: unknown) => turn.logger.warn('card action failed after its answer was sent', { verb, error: err }),
  );
  turn.logger.warn('card action answered before ITFlow did', { verb, deadlineMs });
  return stillWorkingReply(verb, data, turn);
}

/** A form comes back as typed, saying to press its button again; anything else gets a retry button. */
function stillWorkingReply(verb: string, data: Record<string, unknown>, turn: TurnScope): Reply {
  const values = rawFormValues(data);
  if (verb === saveVerb.verb || verb === forceSaveVerb.verb) {
    const ref = saveData.safeParse(data);
    const again = ref.success ? editFormAgain(ref.data, values, STILL_WORKING.banner('save'), turn) : null;
    if (again !== null) return again;
  }
  if (verb === createVerb.verb) {
    const ref = createData.safeParse(data);
    if (ref.success) {
      return reply(
        cards.addForm(turn.cards, { formId: ref.data.formId, clientId: Number(values.clientId) || undefined, values, banner: STILL_WORKING.banner('add') }),
      );
    }
  }
  // A typed PIN never rides along into a card.
  const retry = { title: 'Try again', verb, data: Object.fromEntries(Object.entries(data).filter((e): e is [string, string | number | boolean] => e[0] !== PIN_INPUT_ID && ['string', 'number', 'boolean'].includes(typeof e[1]))) };
  return reply(cards.message({ ...STILL_WORKING.message(), actions: [retry] }));
}
