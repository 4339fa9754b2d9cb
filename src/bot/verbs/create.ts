import { z } from 'zod';
import { cards } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { fieldsFilledByForm } from '../../contacts/contact';
import { addFormSchema } from '../../contacts/contact-form';
import { addedBanner, submitAddForm } from '../add-contact';
import { reply } from '../replies';
import { defineVerb } from './verb';

export const createData = z.object({ formId: z.string().min(1).max(100) });

/** Add on an add form: creates the contact once per form id, however often the form is submitted. */
export const createVerb = defineVerb({
  verb: VERBS.create,
  schema: createData,
  writes: true,
  run: async ({ formId }, raw, turn) => {
    const outcome = await submitAddForm(formId, raw, turn, { action: 'create' });
    return reply(outcome.kind === 'created' ? cards.contact(outcome.contact, turn.cards, { banner: addedBanner(turn, outcome) }) : outcome.card);
  },
  attemptedFields: (raw) => {
    const form = addFormSchema.safeParse(raw);
    return form.success ? fieldsFilledByForm(form.data) : [];
  },
});
