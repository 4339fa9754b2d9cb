import { VERBS } from '../../cards/verbs';
import { contactRef, defineVerb } from './verb';
import { showContact } from './view';

/** Cancel on an edit form: the contact card again, as ITFlow has it now. */
export const cancelVerb = defineVerb({
  verb: VERBS.cancel,
  schema: contactRef,
  writes: false,
  run: async ({ contactId }, _raw, turn) => showContact(contactId, turn),
});
