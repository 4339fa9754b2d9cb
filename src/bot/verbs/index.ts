import { addVerb } from './add';
import * as addCancel from './add-cancel';
import { cancelVerb } from './cancel';
import { createVerb } from './create';
import { editVerb } from './edit';
import { forceSaveVerb } from './force-save';
import { helpVerb } from './help';
import * as resultsOpen from './results-open';
import * as resultsPage from './results-page';
import { saveVerb } from './save';
import type { CardVerb } from './verb';
import { checkPinVerb, verifyPinVerb } from './verify-pin';
import { viewVerb } from './view';

/**
 * Every card verb the bot answers. Each appears in the card templates' action data; anything else is answered
 * with a polite "that button did not work".
 */
const CARD_VERBS: readonly CardVerb[] = [
  viewVerb,
  cancelVerb,
  editVerb,
  saveVerb,
  forceSaveVerb,
  addVerb,
  addCancel,
  createVerb,
  resultsPage,
  resultsOpen,
  verifyPinVerb,
  checkPinVerb,
  helpVerb,
];

const byName: ReadonlyMap<string, CardVerb> = new Map(CARD_VERBS.map((v) => [v.verb, v]));

export function cardVerbNamed(verb: string): CardVerb | undefined {
  return byName.get(verb);
}
