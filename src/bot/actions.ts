import { z } from 'zod';
import { PIN_INPUT_ID } from '../cards/pin-check';
import { cards } from '../cards/views';
import { VERBS } from '../cards/verbs';
import {
  addFormSchema,
  editFormSchema,
  fieldErrorsOf,
  rawFormValues,
  type RawFormValues,
} from '../contacts/contact-form';
import { FIELD_LABELS, userEditOf, versionOf } from '../contacts/contact';
import type { Logger } from '../logger';
import type { TeamsUser } from './access';
import { addedBanner, submitAddForm } from './add-contact';
import { audit, failureKind, fieldsFilledByForm } from './audit';
import { describeFailure, MESSAGES, WRITE_BANNERS, type UserMessage } from './user-messages';
import type { Reply, TurnScope } from './turn-scope';
import * as addCancel from './verbs/add-cancel';
import * as resultsOpen from './verbs/results-open';
import * as resultsPage from './verbs/results-page';
import { checkPin, checkPinData, openPinCheck, verifyPinData } from './verbs/verify-pin';

/**
 * The only card routing: verb → schema for the card's data + handler. Every verb here appears in the card
 * templates' action data; anything else is answered with a polite "that button did not work".
 */

const contactId = z.union([z.number(), z.string().regex(/^\d{1,10}$/)]).transform(Number).pipe(z.number().int().positive());
const optionalText = z.string().max(500).optional();

const contactRef = z.object({ contactId });
const saveData = z.object({ contactId, version: z.string().min(1).max(100_000) });
const addData = z.object({
  name: optionalText,
  email: optionalText,
  phone: optionalText,
  clientId: z.union([z.number(), z.string()]).optional().transform((v) => (v === undefined || v === '' ? undefined : Number(v))),
});
const createData = z.object({ formId: z.string().min(1).max(100) });

interface ActionDefinition<S extends z.ZodType> {
  schema: S;
  /** Whether the action writes (checked against the user's rights before running). */
  writes: boolean;
  run(data: z.infer<S>, raw: Record<string, unknown>, turn: TurnScope): Promise<Reply>;
}

function define<S extends z.ZodType>(def: ActionDefinition<S>): ActionDefinition<S> {
  return def;
}

const ACTIONS = {
  [VERBS.view]: define({ schema: contactRef, writes: false, run: async ({ contactId: id }, _raw, turn) => showContact(id, turn) }),
  [VERBS.cancel]: define({ schema: contactRef, writes: false, run: async ({ contactId: id }, _raw, turn) => showContact(id, turn) }),
  [VERBS.edit]: define({ schema: contactRef, writes: true, run: async ({ contactId: id }, _raw, turn) => openEditForm(id, turn) }),
  [VERBS.save]: define({ schema: saveData, writes: true, run: async (data, raw, turn) => save(data, raw, turn, false) }),
  [VERBS.forceSave]: define({ schema: saveData, writes: true, run: async (data, raw, turn) => save(data, raw, turn, true) }),
  [VERBS.add]: define({
    schema: addData,
    writes: true,
    run: async (data, _raw, turn) =>
      reply(
        cards.addForm(turn.cards, {
          formId: turn.newFormId(),
          clientId: data.clientId,
          values: { name: data.name, email: data.email, phone: data.phone, clientId: data.clientId?.toString() },
        }),
      ),
  }),
  [VERBS.create]: define({ schema: createData, writes: true, run: async (data, raw, turn) => create(data.formId, raw, turn) }),
  [VERBS.verifyPin]: define({ schema: verifyPinData, writes: false, run: async ({ contactId: id }, _raw, turn) => openPinCheck(id, turn) }),
  [VERBS.checkPin]: define({ schema: checkPinData, writes: false, run: async (data, _raw, turn) => checkPin(data, turn) }),
  [VERBS.help]: define({ schema: z.object({}), writes: false, run: async (_d, _raw, turn) => reply(cards.help(turn.cards)) }),
  [resultsPage.verb]: define(resultsPage),
  [resultsOpen.verb]: define(resultsOpen),
  [addCancel.verb]: define(addCancel),
} as const;

type Verb = keyof typeof ACTIONS;

function isVerb(verb: string): verb is Verb {
  return Object.prototype.hasOwnProperty.call(ACTIONS, verb);
}

export async function runAction(verb: string, data: Record<string, unknown>, turn: TurnScope): Promise<Reply> {
  if (!isVerb(verb)) {
    turn.logger.warn('unknown card action', { verb: verb.slice(0, 60) });
    return messageReply(MESSAGES.badAction());
  }
  const action: ActionDefinition<z.ZodType> = ACTIONS[verb];
  if (action.writes && !turn.canEdit) {
    audit(turn.logger, turn.user, {
      action: verb,
      contactId: contactRef.safeParse(data).data?.contactId ?? null,
      result: 'refused',
      reason: 'editing is not allowed for this user',
      changedFields: [],
      attemptedFields: attemptedFields(verb, data),
    });
    return messageReply(MESSAGES.readOnly());
  }
  const parsed = action.schema.safeParse(data);
  if (!parsed.success) {
    turn.logger.warn('card action with invalid data', { verb, issues: parsed.error.issues.map((i) => i.path.join('.')) });
    if (action.writes) {
      audit(turn.logger, turn.user, { action: verb, contactId: null, result: 'invalid', reason: 'malformed card data', changedFields: [], attemptedFields: [] });
    }
    return messageReply(MESSAGES.badAction());
  }
  return action.run(parsed.data, data, turn);
}

/**
 * Teams gives a card action 5 seconds. When ITFlow is slower than the deadline, the user gets an answer in time
 * (the form again, with everything typed, or a retry) while the action finishes in the background: its write, if
 * any, still happens once, and pressing the button again is safe (a repeated Save finds "no changes", a repeated
 * Add answers with the contact the first one created).
 */
export async function runActionWithin(deadlineMs: number, verb: string, data: Record<string, unknown>, turn: TurnScope): Promise<Reply> {
  const work = runAction(verb, data, turn);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), deadlineMs);
  });
  try {
    const first = await Promise.race([work, late]);
    if (first !== null) return first;
  } finally {
    clearTimeout(timer);
  }
  work.then(
    () => turn.logger.info('card action finished after its answer was sent', { verb }),
    (err: unknown) => turn.logger.warn('card action failed after its answer was sent', { verb, error: err }),
  );
  turn.logger.warn('card action answered before ITFlow did', { verb, deadlineMs });
  return stillWorkingReply(verb, data, turn);
}

function stillWorkingReply(verb: string, data: Record<string, unknown>, turn: TurnScope): Reply {
  const values = rawFormValues(data);
  const banner = (again: string) => ({ tone: 'warning' as const, text: `ITFlow is slow to answer, so the bot is still working on it. ${again}` });
  if (verb === VERBS.save || verb === VERBS.forceSave) {
    const ref = saveData.safeParse(data);
    const again = ref.success ? editFormAgain(ref.data, values, banner('Press Save again in a moment to see the result: it never writes twice.'), turn) : null;
    if (again !== null) return again;
  }
  if (verb === VERBS.create) {
    const ref = createData.safeParse(data);
    if (ref.success) {
      return reply(
        cards.addForm(turn.cards, {
          formId: ref.data.formId,
          clientId: Number(values.clientId) || undefined,
          values,
          banner: banner('Press Add again in a moment to see the result: this form never creates a second contact.'),
        }),
      );
    }
  }
  // A typed PIN never rides along into a card.
  const retry = { title: 'Try again', verb, data: Object.fromEntries(Object.entries(data).filter((e): e is [string, string | number | boolean] => e[0] !== PIN_INPUT_ID && ['string', 'number', 'boolean'].includes(typeof e[1]))) };
  return reply(cards.message({ tone: 'warning', title: 'ITFlow is slow to answer', text: 'The bot is still waiting for ITFlow. Try again in a moment.', actions: [retry] }));
}

/** The answer to a card action from a tenant outside ALLOWED_TENANT_IDS; write attempts are audited. */
export function refuseForeignTenant(verb: string, data: Record<string, unknown>, user: TeamsUser, logger: Logger): Reply {
  if (isVerb(verb) && ACTIONS[verb].writes) {
    audit(logger, user, {
      action: verb,
      contactId: contactRef.safeParse(data).data?.contactId ?? null,
      result: 'refused',
      reason: 'tenant is not allowed',
      changedFields: [],
      attemptedFields: attemptedFields(verb, data),
    });
  }
  return messageReply(MESSAGES.tenantRefused());
}

async function showContact(id: number, turn: TurnScope, banner?: UserMessage): Promise<Reply> {
  try {
    const tickets = turn.prefetchTickets?.(id);
    const contact = await turn.service.get(id);
    if (contact === null) return messageReply(MESSAGES.notFound(id));
    await tickets;
    return reply(cards.contact(contact, turn.cards, banner ? { banner: { tone: banner.tone, text: banner.text } } : undefined));
  } catch (err) {
    return failureReply(err, 'read', turn, { title: 'Try again', verb: VERBS.view, data: { contactId: id } });
  }
}

async function openEditForm(id: number, turn: TurnScope): Promise<Reply> {
  try {
    const contact = await turn.service.get(id);
    if (contact === null) return messageReply(MESSAGES.notFound(id));
    return reply(cards.editForm(contact, turn.cards, { version: versionOf(contact) }));
  } catch (err) {
    return failureReply(err, 'read', turn, { title: 'Try again', verb: VERBS.edit, data: { contactId: id } });
  }
}

async function save(data: z.infer<typeof saveData>, raw: Record<string, unknown>, turn: TurnScope, force: boolean): Promise<Reply> {
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

async function create(formId: string, raw: Record<string, unknown>, turn: TurnScope): Promise<Reply> {
  const outcome = await submitAddForm(formId, raw, turn, { action: 'create' });
  return reply(outcome.kind === 'created' ? cards.contact(outcome.contact, turn.cards, { banner: addedBanner(turn, outcome) }) : outcome.card);
}

/** The edit form again, as the user typed it, built from the directory's copy; null when there is no copy. */
function editFormAgain(ref: z.infer<typeof saveData>, values: RawFormValues, banner: { tone: UserMessage['tone']; text: string }, turn: TurnScope): Reply | null {
  const snapshot = turn.service.cached(ref.contactId);
  return snapshot === undefined ? null : reply(cards.editForm(snapshot, turn.cards, { version: ref.version, values, banner }));
}

/** Without a copy to rebuild the form from, the typed values go in the card's own text so nothing is lost. */
function typedValuesReply(message: UserMessage, values: RawFormValues): Reply {
  const typed = Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return messageReply({ ...message, text: `${message.text}\n\nWhat you typed:\n${typed}` });
}

function failureReply(err: unknown, doing: 'read', turn: TurnScope, retry: { title: string; verb: string; data: Record<string, number> }): Reply {
  turn.logger.warn('read failed', { error: err });
  const message = describeFailure(err, doing);
  return reply(cards.message({ ...message, actions: [{ title: retry.title, verb: retry.verb, data: retry.data }] }));
}

/** What a refused write would have touched: the fields changed on an edit form, or filled in on an add form. */
function attemptedFields(verb: Verb, data: Record<string, unknown>): string[] {
  if (verb === VERBS.save || verb === VERBS.forceSave) {
    const ref = saveData.safeParse(data);
    const form = editFormSchema.safeParse(data);
    return ref.success && form.success ? (userEditOf(ref.data.version, ref.data.contactId, form.data)?.fields ?? []) : [];
  }
  if (verb === VERBS.create) {
    const form = addFormSchema.safeParse(data);
    return form.success ? fieldsFilledByForm(form.data) : [];
  }
  return [];
}

function reply(card: Reply['card']): Reply {
  return { card };
}

export function messageReply(message: UserMessage): Reply {
  return reply(cards.message(message));
}
