import type { AdaptiveCardJson } from '../cards/render';
import { cards, type AddFormOptions, type Banner } from '../cards/views';
import { addFormSchema, fieldErrorsOf, rawFormValues } from '../contacts/contact-form';
import type { ReadBack } from '../contacts/contact-update';
import { fieldsFilledByForm, type Contact } from '../contacts/contact';
import { audit, failureKind } from './audit';
import { ADD_FORM_BANNERS, describeFailure, duplicateEmailError, WRITE_BANNERS } from './user-messages';
import type { TurnScope } from './turn-scope';

export type AddFormOutcome = { kind: 'created'; contact: Contact; readBack: ReadBack } | { kind: 'form'; card: AdaptiveCardJson };

/**
 * A submitted add form, from the chat card or from the message-extension dialog: the same rules, messages and
 * audit line everywhere. Anything short of a created contact comes back as the form again, with messages and
 * everything the user typed.
 */
export async function submitAddForm(
  formId: string,
  raw: Record<string, unknown>,
  turn: TurnScope,
  opts: { action: string; submitStyle?: 'execute' | 'submit' },
): Promise<AddFormOutcome> {
  const values = rawFormValues(raw);
  const clientId = Number(values.clientId) || undefined;
  const again = (extra: Omit<AddFormOptions, 'formId'>): AddFormOutcome => ({
    kind: 'form',
    card: cards.addForm(turn.cards, { formId, clientId, values, ...extra, submitStyle: opts.submitStyle }),
  });

  const form = addFormSchema.safeParse(raw);
  if (!form.success) {
    audit(turn.logger, turn.user, { action: opts.action, contactId: null, result: 'invalid', changedFields: [], attemptedFields: [] });
    return again({ errors: fieldErrorsOf(form.error) });
  }
  const filled = fieldsFilledByForm(form.data);
  try {
    // Only an explicit "Add anyway" (a flag in the submission, never a default) creates a second contact of a name.
    const sameNameConfirmed = raw.confirmSameName === true || raw.confirmSameName === 'true';
    const result = await turn.service.create(formId, form.data, { sameNameConfirmed });
    audit(turn.logger, turn.user, {
      action: opts.action,
      contactId: result.kind === 'created' ? result.contact.id : result.kind === 'duplicate' || result.kind === 'sameName' ? result.existing.id : null,
      result: result.kind,
      changedFields: result.kind === 'created' ? filled : [],
      attemptedFields: filled,
      ...(result.kind === 'created' && result.readBack === 'failed' && { readBack: 'failed' as const }),
    });
    switch (result.kind) {
      case 'created':
        return { kind: 'created', contact: result.contact, readBack: result.readBack };
      case 'duplicate':
        return again({
          existing: result.existing,
          errors: { email: duplicateEmailError(result.existing.name, turn.cards.clientName(result.existing.clientId)) },
        });
      case 'sameName':
        return again({
          existing: result.existing,
          sameName: true,
          banner: ADD_FORM_BANNERS.sameName(result.existing.name, turn.cards.clientName(result.existing.clientId)),
        });
      case 'invalid':
        return again({ errors: result.errors });
    }
  } catch (err) {
    audit(turn.logger, turn.user, { action: opts.action, contactId: null, result: 'failed', reason: failureKind(err), changedFields: [], attemptedFields: filled });
    turn.logger.warn('create failed', { error: err });
    const message = describeFailure(err, 'create');
    return again({ banner: { tone: message.tone, text: `${message.title}. ${message.text}` } });
  }
}

export function addedBanner(turn: TurnScope, outcome: { readBack: ReadBack }): Banner {
  return WRITE_BANNERS.added(turn.user.name, outcome.readBack);
}
