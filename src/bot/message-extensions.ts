import { CardFactory, type Attachment, type MessagingExtensionAttachment, type MessagingExtensionResponse } from 'botbuilder';
import { z } from 'zod';
import { cards, type AdaptiveCardJson, type CardContext } from '../cards/views';
import { displayName, inertMarkdown, joinNonEmpty, mobileLine, phoneLine } from '../cards/view-model-parts';
import { parseContactLink } from '../contacts/contact-links';
import type { FindQuery, FindResult } from '../contacts/contact-finder';
import type { Contact } from '../contacts/contact';
import { parseMessage } from './commands';
import { MAX_ACTIVITY_BYTES, utf16Bytes } from './activity-size';
import { describeFailure, MESSAGES } from './user-messages';
import type { TurnScope } from './turn-scope';

/**
 * The compose-box search (`composeExtension/query`, command `findContact`) and link unfurling
 * (`composeExtension/queryLink`). Both answer within Teams' five seconds from the in-memory directory; only a
 * contact id (a link) or an exact email/phone while the directory is still loading goes to ITFlow.
 */

export const SEARCH_COMMAND_ID = 'findContact';
const QUERY_PARAMETER = 'query';
/** Teams asks for 25 at a time; more would not fit its list anyway. */
export const MAX_PAGE_SIZE = 25;
const DEFAULT_PAGE_SIZE = 10;
const MAX_SKIP = 1000;
const MAX_QUERY_LENGTH = 1000;

const pageNumber = z.number().int().nonnegative().optional().catch(undefined);
/*
 * Teams always names the command and the parameter. The Agents Playground's search box sends neither unless
 * the user types them in, and this app has one search command, so an unnamed query is that command's.
 */
const queryInvoke = z.object({
  commandId: z.string().max(100).optional(),
  parameters: z.array(z.object({ name: z.string().max(100).optional(), value: z.unknown() })).max(20).optional(),
  queryOptions: z.object({ skip: pageNumber, count: pageNumber }).optional().catch(undefined),
});
const linkInvoke = z.object({ url: z.string().max(4096) });
/** What a result's tap carries (withPickTap). */
const pickedItem = z.object({ contactId: z.union([z.number(), z.string().regex(/^\d{1,10}$/)]).transform(Number).pipe(z.number().int().positive()) });

/** What a search text asks for; the bot's own grammar, so "sally at acme" means the same in both places. */
export type SearchRequest =
  | { kind: 'featured' }
  | { kind: 'contact'; contactId: number }
  | { kind: 'find'; query: FindQuery; client?: string; includeArchived: boolean };

export function searchRequestFor(text: string): SearchRequest {
  if (text.trim() === '') return { kind: 'featured' };
  const direct = parseMessage(text);
  // A bare "sally at acme" is not a command; read it as the bot reads "find sally at acme".
  const { command, lookup } = direct.command.kind === 'find' || direct.command.kind === 'show' ? direct : parseMessage(`find ${text}`);
  if (command.kind === 'show') return { kind: 'contact', contactId: command.contactId };
  if (lookup === null) return { kind: 'find', query: { kind: 'text', text: text.trim() }, includeArchived: false };
  const query = lookup.classified;
  if (query.kind === 'id') return { kind: 'contact', contactId: query.id };
  if (query.kind === 'text' && query.text === '' && lookup.client === undefined) return { kind: 'featured' };
  return { kind: 'find', query, ...(lookup.client !== undefined && { client: lookup.client }), includeArchived: lookup.includeArchived };
}

export async function answerContactSearch(value: unknown, scope: TurnScope | null, now: Date = new Date()): Promise<MessagingExtensionResponse> {
  const parsed = queryInvoke.safeParse(value);
  if (!parsed.success || (parsed.data.commandId ?? SEARCH_COMMAND_ID) !== SEARCH_COMMAND_ID) {
    scope?.logger.warn('message-extension query not understood', { commandId: parsed.success ? parsed.data.commandId?.slice(0, 60) : undefined });
    return listResult([]);
  }
  if (scope === null) return messageResult(MESSAGES.tenantRefused().text);
  const text = queryText(parsed.data.parameters ?? []);
  if (text === null) return listResult([]);
  const skip = Math.min(parsed.data.queryOptions?.skip ?? 0, MAX_SKIP);
  const count = Math.min(Math.max(parsed.data.queryOptions?.count ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);

  let page: FindResult;
  try {
    page = await findPage(searchRequestFor(text), scope, skip, count);
  } catch (err) {
    scope.logger.warn('message-extension search failed', { error: err });
    const failure = describeFailure(err, 'read');
    return messageResult(`${failure.title}. ${failure.text}`);
  }

  if (!page.complete && page.hits.length === 0 && skip === 0) return messageResult(`${warmingUp(page.loaded)} Try again in a moment.`);
  if (page.complete && page.hits.length === 0 && skip === 0 && text.trim() !== '') {
    return messageResult(`No ITFlow contact matches “${text.trim()}”. Try part of a name, an email, a phone number or “name at client”.`);
  }
  const lead = !page.complete && skip === 0 ? [warmingUpAttachment(page.loaded)] : [];
  return resultsWithinBudget(lead, page.hits, scope.cards, asOfText(now));
}

/**
 * A page of results that fits one activity (Teams asks for 25 at a time, and answering fewer would end its
 * paging). Every result carries its list entry and, while they fit, the contact card itself; the rest carry a
 * summary, and Teams fetches the card when one is picked (`composeExtension/selectItem`, answerSelectedItem).
 */
function resultsWithinBudget(lead: MessagingExtensionAttachment[], hits: Contact[], ctx: CardContext, asOf: string): MessagingExtensionResponse {
  let attachments = [...lead, ...hits.map((c) => summaryAttachment(c, ctx, 'lines'))];
  let size = utf16Bytes(listResult(attachments));
  // Names, titles and emails can each be 200 characters long: then the entries say just the name.
  if (size > MAX_ACTIVITY_BYTES) {
    attachments = [...lead, ...hits.map((c) => summaryAttachment(c, ctx, 'name'))];
    size = utf16Bytes(listResult(attachments));
  }
  for (let i = 0; i < hits.length; i++) {
    const contact = hits[i]!;
    const full = withPickTap(contactAttachment(contact, ctx, cards.contact(contact, ctx, { asOf })), contact);
    const grows = utf16Bytes(full) - utf16Bytes(attachments[lead.length + i]);
    // Cards in list order: once one does not fit, the later ones are summaries too.
    if (size + grows > MAX_ACTIVITY_BYTES) break;
    attachments[lead.length + i] = full;
    size += grows;
  }
  return listResult(attachments);
}

/** The contact card for a result Teams' user picked: read afresh, so it is current when it is inserted. */
export async function answerSelectedItem(value: unknown, scope: TurnScope | null, now: Date = new Date()): Promise<MessagingExtensionResponse> {
  const picked = pickedItem.safeParse(value);
  if (!picked.success || scope === null) return listResult([]);
  try {
    const contact = await scope.service.get(picked.data.contactId);
    if (contact === null) return messageResult(MESSAGES.notFound(picked.data.contactId).text);
    return listResult([contactAttachment(contact, scope.cards, cards.contact(contact, scope.cards, { asOf: asOfText(now) }))]);
  } catch (err) {
    scope.logger.warn('message-extension pick failed', { error: err });
    const failure = describeFailure(err, 'read');
    return messageResult(`${failure.title}. ${failure.text}`);
  }
}

export async function answerLinkQuery(
  value: unknown,
  scope: TurnScope | null,
  itflowBaseUrl: string,
  now: Date = new Date(),
): Promise<MessagingExtensionResponse> {
  const parsed = linkInvoke.safeParse(value);
  // Links that are not ours, and people who may not see contacts, get Teams' plain link: no card, no error.
  if (!parsed.success || scope === null) return listResult([]);
  const link = parseContactLink(parsed.data.url, itflowBaseUrl);
  if (link === null) return listResult([]);
  try {
    const contact = await scope.service.get(link.contactId);
    // A link whose client id disagrees with the contact's is broken; better no card than a surprising one.
    if (contact === null || (link.clientId !== undefined && link.clientId !== contact.clientId)) return listResult([]);
    return listResult([contactAttachment(contact, scope.cards, cards.contactPreview(contact, scope.cards, { asOf: asOfText(now) }))]);
  } catch (err) {
    scope.logger.warn('link unfurl failed', { error: err });
    return listResult([]);
  }
}

/** An inserted or unfurled contact card, with the list entry Teams shows before it is picked. */
export function contactAttachment(contact: Contact, ctx: CardContext, card: AdaptiveCardJson): MessagingExtensionAttachment {
  return { ...CardFactory.adaptiveCard(card), preview: listEntry(contact, ctx) };
}

/** A result without its card: the list entry twice (what a host that cannot fetch the card inserts). */
function summaryAttachment(contact: Contact, ctx: CardContext, detail: EntryDetail): MessagingExtensionAttachment {
  return withPickTap({ ...listEntry(contact, ctx, detail), preview: listEntry(contact, ctx, detail) }, contact);
}

type EntryDetail = 'lines' | 'name';

/** Name, "title · client", reach (or only the name); each kept short so 25 entries fit one activity. */
function listEntry(contact: Contact, ctx: CardContext, detail: EntryDetail = 'lines'): Attachment {
  const name = clip(displayName(contact), detail === 'lines' ? 70 : 40);
  const title = contact.important ? `${name} ★` : name;
  if (detail === 'name') return thumbnail({ title });
  const subtitle = clip(joinNonEmpty([contact.title, ctx.clientName(contact.clientId), contact.archivedAt === null ? '' : 'archived'], ' · '), 80);
  const text = clip(joinNonEmpty([contact.email, phoneLine(contact, ctx) || mobileLine(contact, ctx)], ' · '), 80);
  return thumbnail({ title, subtitle, text });
}

const THUMBNAIL_CARD = 'application/vnd.microsoft.card.thumbnail';

/** A thumbnail card without the empty image and button lists CardFactory adds (25 entries add up). */
function thumbnail(content: { title: string; subtitle?: string; text?: string }): Attachment {
  const inert = Object.fromEntries(Object.entries(content).map(([k, v]) => [k, inertMarkdown(v)]));
  return { contentType: THUMBNAIL_CARD, content: inert };
}

/** Picking the entry asks the bot for the card (composeExtension/selectItem). */
function withPickTap(attachment: MessagingExtensionAttachment, contact: Contact): MessagingExtensionAttachment {
  const preview = attachment.preview;
  if (preview === undefined) return attachment;
  const tap = { type: 'invoke', value: { contactId: contact.id } };
  return { ...attachment, preview: { ...preview, content: { ...(preview.content as object), tap } } };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** "2025-06-01 14:03 UTC": when the card's details were read, for whoever reads the message later. */
export function asOfText(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function listResult(attachments: MessagingExtensionAttachment[]): MessagingExtensionResponse {
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}

function messageResult(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

/** The typed text; '' for the initial run (no query yet); null when the payload carries no usable query. */
function queryText(parameters: Array<{ name?: string; value: unknown }>): string | null {
  if (parameters.some((p) => p.name === 'initialRun')) return '';
  const query = parameters.find((p) => p.name === QUERY_PARAMETER) ?? (parameters.length === 1 && parameters[0]?.name === undefined ? parameters[0] : undefined);
  if (query === undefined) return parameters.length === 0 ? '' : null;
  if (typeof query.value !== 'string') return query.value === undefined || query.value === null ? '' : null;
  return query.value.length > MAX_QUERY_LENGTH ? null : query.value;
}

async function findPage(request: SearchRequest, scope: TurnScope, skip: number, count: number): Promise<FindResult> {
  switch (request.kind) {
    case 'featured':
      return scope.service.featured({ limit: count, offset: skip });
    case 'contact': {
      const contact = skip === 0 ? await scope.service.get(request.contactId) : null;
      const hits = contact === null ? [] : [contact];
      return { hits, total: hits.length, strong: contact, complete: true, loaded: 0 };
    }
    case 'find':
      return scope.service.find(request.query, { client: request.client, includeArchived: request.includeArchived, limit: count, offset: skip });
  }
}

function warmingUp(loaded: number): string {
  return (
    `The contact list is still loading (${loaded.toLocaleString('en-US')} contacts so far), so some names may be missing. ` +
    'Exact email addresses and phone numbers are looked up in ITFlow directly.'
  );
}

/** Listed first while the directory loads; picking it inserts the same note. */
function warmingUpAttachment(loaded: number): MessagingExtensionAttachment {
  const text = warmingUp(loaded);
  const card = cards.message({ tone: 'warning', title: 'Still loading contacts', text });
  return { ...CardFactory.adaptiveCard(card), preview: CardFactory.thumbnailCard('Still loading contacts…', text) };
}
