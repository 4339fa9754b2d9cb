import { addVerb } from './add';
import { cancelVerb } from './cancel';
import { createVerb } from './create';
import { editVerb } from './edit';
import { forceSaveVerb } from './force-save';
import { helpVerb } from './help';
import { saveVerb } from './save';
import type { CardVerb } from './verb';
import { viewVerb } from './view';

/**
 * Every card verb the bot answers. Each appears in the card templates' action data; anything else is answered
 * with a polite "that button did not work".
 */
const CARD_VERBS: readonly CardVerb[] = [viewVerb, cancelVerb, editVerb, saveVerb, forceSaveVerb, addVerb, createVerb, helpVerb];

const byName: ReadonlyMap<string, CardVerb> = new Map(CARD_VERBS.map((v) => [v.verb, v]));

export function cardVerbNamed(verb: string): CardVerb | undefined {
  return byName.get(verb);
}
