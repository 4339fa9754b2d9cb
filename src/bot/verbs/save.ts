import { z } from 'zod';
import { cards } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import { editFormSchema, fieldErrorsOf, rawFormValues } from '../../contacts/contact-form';
import { FIELD_LABELS, userEditOf } from '../../contacts/contact';
import { audit, failureKind } from '../audit';
import { editFormAgain, messageReply, reply, typedValuesReply } from '../replies';
import { describeFailure, MESSAGES, WRITE_BANNERS } from '../user-messages';
import type { Reply, TurnScope } from '../turn-scope';
import { contactIdField, defineVerb } from './verb';

export const saveData = z.object({ contactId: contactIdField, version: z.string().min(1).max(100_000) });

/** Save on an edit form (or "apply mine anyway" on a conflict card, with force): only the user's changes are written. */
export async function saveEdit(data: z.infer<typeof saveData>, raw: Record<string, unknown>, turn: TurnScope, force: boolean): Promise<Reply> {
  const values = rawFormValues(raw);
  const form = editFormSchema.safeParse(raw);
  const action = force ? 'update (forced)' : 'update';
  // A missing input is "unchanged": only inputs the submission carries that differ from the form's snapshot count.
  const edit = form.success ? userEditOf(data.version, data.contactId, form.data) : null;
  const attempted = edit?.fields ?? [];
  try {
    if (!form.success) {
      audit(turn.logger, turn.user, { action, contactId: data.contactId, result: 'invalid', changedFields: [], attemptedFields: [] });
      const contact = await turn.service.get(data.contactId);
      if (contact === null) return messageReply(MESSAGES.notFound(data.contactId));
      return reply(cards.editForm(contact, turn.cards, { version: data.version, values, errors: fieldErrorsOf(form.error) }));
    }
    const result = await turn.service.update(data.contactId, edit, { force });
    audit(turn.logger, turn.user, {
      action,
      contactId: data.contactId,
      result: result.kind,
      changedFields: result.kind === 'saved' ? result.changed : [],
      attemptedFields: attempted,
      ...(result.kind === 'saved' && result.readBack === 'failed' && { readBack: 'failed' as const }),
    });
    switch (result.kind) {
      case 'saved': {
        turn.recentSaves?.record(result.contact, turn.user.name);
        const banner = WRITE_BANNERS.saved(turn.user.name, result.changed.map((f) => FIELD_LABELS[f]), result.readBack);
        return { card: cards.contact(result.contact, turn.cards, { banner }), broadcast: true };
      }
      case 'unchanged':
        return reply(cards.contact(result.contact, turn.cards, { banner: WRITE_BANNERS.unchanged() }));
      case 'conflict':
        return reply(
          // The original version travels on, so "apply mine anyway" writes only what this user changed.
          cards.conflict(result.current, turn.cards, {
            version: data.version,
            values,
            differences: result.differences,
            changedBy: turn.recentSaves?.describe(result.current, turn.user.name),
          }),
        );
      case 'invalid':
        return reply(cards.editForm(result.contact, turn.cards, { version: data.version, values, errors: result.errors }));
      case 'notFound':
        return messageReply(MESSAGES.notFound(data.contactId));
      case 'stale':
        return reply(
          cards.message({ ...MESSAGES.staleForm(), actions: [{ title: 'Edit again', verb: VERBS.edit, data: { contactId: data.contactId } }] }),
        );
    }
  } catch (err) {
    audit(turn.logger, turn.user, { action, contactId: data.contactId, result: 'failed', reason: failureKind(err), changedFields: [], attemptedFields: attempted });
    turn.logger.warn('save failed', { error: err });
    const message = describeFailure(err, 'save');
    return editFormAgain(data, values, { tone: message.tone, text: `${message.title}. ${message.text}` }, turn) ?? typedValuesReply(message, values);
  }
}

/** The fields changed on an edit form (for the audit line of a refused save). */
export function editedFields(raw: Record<string, unknown>): string[] {
  const ref = saveData.safeParse(raw);
  const form = editFormSchema.safeParse(raw);
  return ref.success && form.success ? (userEditOf(ref.data.version, ref.data.contactId, form.data)?.fields ?? []) : [];
}

export const saveVerb = defineVerb({
  verb: VERBS.save,
  schema: saveData,
  writes: true,
  run: async (data, raw, turn) => saveEdit(data, raw, turn, false),
  attemptedFields: editedFields,
});
