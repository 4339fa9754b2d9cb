import { CardFactory, type MessagingExtensionActionResponse } from 'botbuilder';
import { z } from 'zod';
import { cards } from '../cards/views';
import { VERBS } from '../cards/verbs';
import type { RawFormValues } from '../contacts/contact-form';
import { parseSignature, plainTextOf } from '../contacts/signature';
import { auditRefusal } from './actions';
import { addedBanner, submitAddForm } from './add-contact';
import { asOfText, contactAttachment, listResult } from './message-extensions';
import { describeFailure, MESSAGES } from './user-messages';
import type { UserMessage } from './message-types';
import type { TurnScope } from './turn-scope';
import { createData, createVerb } from './verbs/create';
import { contactRef } from './verbs/verb';

/**
 * The add-contact dialog of the action commands `addFromMessage` (a message's "…" menu) and `newContact`
 * (compose box): `composeExtension/fetchTask` opens the add form, prefilled from the message's sender and
 * signature; `composeExtension/submitAction` creates the contact with the same rules as the bot's add form
 * and answers with the new contact card, ready to insert, or with the form again.
 */

export const ADD_FROM_MESSAGE_COMMAND_ID = 'addFromMessage';
export const NEW_CONTACT_COMMAND_ID = 'newContact';
const ADD_COMMANDS: ReadonlySet<string> = new Set([ADD_FROM_MESSAGE_COMMAND_ID, NEW_CONTACT_COMMAND_ID]);
const DIALOG_TITLE = 'Add an ITFlow contact';
/** Enough for the client list of a domain without scanning a whole directory. */
const DOMAIN_SAMPLE = 50;

const messagePayload = z.looseObject({
  from: z.looseObject({ user: z.looseObject({ displayName: z.string().max(500).nullish() }).nullish() }).nullish(),
  body: z.looseObject({ contentType: z.string().max(50).nullish(), content: z.string().nullish() }).nullish(),
});
// Teams always names the command; the Agents Playground leaves it out unless the user types it in.
const fetchTaskInvoke = z.looseObject({ commandId: z.string().max(100).optional(), messagePayload: messagePayload.nullish().catch(null) });
const submitActionInvoke = z.looseObject({ commandId: z.string().max(100).optional(), data: z.record(z.string(), z.unknown()) });
// The dialog's add form carries the same verbs as the chat's: "create", or "view" to use an existing contact.
const createSubmission = createData.extend({ verb: z.literal(VERBS.create) });
const useExistingSubmission = contactRef.extend({ verb: z.literal(VERBS.view) });

export async function openAddContactDialog(value: unknown, scope: TurnScope | null): Promise<MessagingExtensionActionResponse> {
  const parsed = fetchTaskInvoke.safeParse(value);
  if (!parsed.success) return taskMessage(MESSAGES.badAction());
  const payload = parsed.data.messagePayload ?? null;
  const commandId = parsed.data.commandId ?? (payload === null ? NEW_CONTACT_COMMAND_ID : ADD_FROM_MESSAGE_COMMAND_ID);
  if (!ADD_COMMANDS.has(commandId)) return taskMessage(MESSAGES.badAction());
  if (scope === null) return taskMessage(MESSAGES.tenantRefused());
  if (!scope.canEdit) return taskMessage(MESSAGES.readOnly());
  const values = commandId === ADD_FROM_MESSAGE_COMMAND_ID ? prefillFrom(payload) : {};
  const clientId = values.email === undefined ? undefined : await clientOfEmailDomain(values.email, scope);
  if (clientId !== undefined) values.clientId = String(clientId);
  return dialog(cards.addForm(scope.cards, { formId: scope.newFormId(), clientId, values, submitStyle: 'submit' }));
}

export async function submitAddContactDialog(value: unknown, scope: TurnScope | null, now: Date = new Date()): Promise<MessagingExtensionActionResponse> {
  const parsed = submitActionInvoke.safeParse(value);
  if (!parsed.success || !ADD_COMMANDS.has(parsed.data.commandId ?? NEW_CONTACT_COMMAND_ID)) return taskMessage(MESSAGES.badAction());
  if (scope === null) return taskMessage(MESSAGES.tenantRefused());
  if (!scope.canEdit) {
    auditRefusal(scope.logger, scope.user, createVerb, parsed.data.data, 'not an editor', 'create (dialog)');
    return taskMessage(MESSAGES.readOnly());
  }
  const data = parsed.data.data;
  const existing = useExistingSubmission.safeParse(data);
  if (existing.success) return insertExisting(existing.data.contactId, scope, now);
  const create = createSubmission.safeParse(data);
  if (!create.success) return taskMessage(MESSAGES.badAction());
  return createFromDialog(create.data.formId, data, scope, now);
}

/** The same rules, messages and audit line as the add form in chat, answered as a dialog. */
async function createFromDialog(formId: string, data: Record<string, unknown>, scope: TurnScope, now: Date): Promise<MessagingExtensionActionResponse> {
  const outcome = await submitAddForm(formId, data, scope, { action: 'create (dialog)', submitStyle: 'submit' });
  if (outcome.kind === 'form') return dialog(outcome.card);
  const card = cards.contact(outcome.contact, scope.cards, { banner: addedBanner(scope, outcome), asOf: asOfText(now) });
  return listResult([contactAttachment(outcome.contact, scope.cards, card)]);
}

async function insertExisting(contactId: number, scope: TurnScope, now: Date): Promise<MessagingExtensionActionResponse> {
  try {
    const contact = await scope.service.get(contactId);
    if (contact === null) return taskMessage(MESSAGES.notFound(contactId));
    return listResult([contactAttachment(contact, scope.cards, cards.contact(contact, scope.cards, { asOf: asOfText(now) }))]);
  } catch (err) {
    scope.logger.warn('reading the existing contact failed', { error: err });
    return taskMessage(describeFailure(err, 'read'));
  }
}

/** The sender's name (Teams knows it); email, phones and title from the signature in the message. */
function prefillFrom(payload: z.infer<typeof messagePayload> | null): RawFormValues {
  const content = payload?.body?.content ?? '';
  const text = payload?.body?.contentType?.toLowerCase() === 'text' ? content : plainTextOf(content);
  const signature = parseSignature(text);
  const sender = payload?.from?.user?.displayName?.trim() ?? '';
  const values: RawFormValues = {};
  const name = sender !== '' ? sender : signature.name;
  if (name !== undefined) values.name = name;
  for (const key of ['email', 'title', 'phone', 'extension', 'mobile'] as const) {
    const v = signature[key];
    if (v !== undefined) values[key] = v;
  }
  return values;
}

/** The client whose contacts all share this email's domain, when exactly one does (never for gmail.com & co). */
async function clientOfEmailDomain(email: string, scope: TurnScope): Promise<number | undefined> {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (domain === '') return undefined;
  try {
    const result = await scope.service.find({ kind: 'text', text: `@${domain}` }, { limit: DOMAIN_SAMPLE });
    const clients = new Set(result.hits.filter((c) => c.email.toLowerCase().endsWith(`@${domain}`)).map((c) => c.clientId));
    return clients.size === 1 ? [...clients][0] : undefined;
  } catch (err) {
    scope.logger.debug('no client guess for the email domain', { error: err });
    return undefined;
  }
}

function dialog(card: ReturnType<typeof cards.addForm>): MessagingExtensionActionResponse {
  return { task: { type: 'continue', value: { title: DIALOG_TITLE, card: CardFactory.adaptiveCard(card), height: 'large', width: 'medium' } } };
}

function taskMessage(message: UserMessage): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: `${message.title}: ${message.text}` } };
}

