import { cards, searchData, type Banner } from '../cards/views';
import { VERBS } from '../cards/verbs';
import { soleAnswer } from '../contacts/closeness';
import { closestClients } from '../contacts/closest-clients';
import type { Contact } from '../contacts/contact';
import type { FindResult } from '../contacts/contact-finder';
import { matchingClients } from '../contacts/pickers';
import type { Client } from '../itflow/types';
import { classifyQuery } from '../contacts/search-query';
import { lookupOf, type Command, type Lookup, type ParsedMessage } from './commands';
import { messageReply } from './replies';
import { ADD_FORM_BANNERS, describeFailure, FIND_MESSAGES, MESSAGES, SEARCH_MESSAGES } from './user-messages';
import type { Reply, TurnScope } from './turn-scope';
import { addFormReply } from './verbs/add';
import { openEditForm } from './verbs/edit';
import { loadingNote } from './verbs/results-page';
import { showContact } from './verbs/view';

/** A bare name of up to this many words is probably someone to look up. */
const MAX_GUESSED_NAME_WORDS = 5;

/** One small handler per command kind; each answers with exactly one card. */
export async function answerMessage(message: ParsedMessage, turn: TurnScope): Promise<Reply & { text?: string }> {
  const { command, lookup } = message;
  try {
    switch (command.kind) {
      case 'find':
        return await find(lookup ?? lookupOf(command), turn);
      case 'show':
        return await showContact(command.contactId, turn);
      case 'edit':
        return await edit(command, turn);
      case 'add':
        return add(command, turn);
      case 'help':
        return { card: cards.help(turn.cards) };
      case 'unknown':
        return await guessOrHelp(command.text, lookup, turn);
    }
    return unreachable(command);
  } catch (err) {
    turn.logger.warn('command failed', { command: command.kind, error: err });
    return messageReply(describeFailure(err, 'read'));
  }
}

/**
 * A bare name typed into the chat ("sally smith", "jonh smiht", "sally at acme") is a search: answer it as `find`
 * would when it matches someone, comes near a name, or matches archived contacts; otherwise show what the bot can do.
 */
async function guessOrHelp(text: string, lookup: Lookup | null, turn: TurnScope): Promise<Reply & { text?: string }> {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (lookup !== null && words.length <= MAX_GUESSED_NAME_WORDS && lookup.query !== '' && lookup.classified.kind !== 'id') {
    const result = await turn.service.find(lookup.classified, { client: lookup.client, includeArchived: lookup.includeArchived });
    const somethingToSay = result.hits.length > 0 || (result.didYouMean?.length ?? 0) > 0 || (result.archivedMatches ?? 0) > 0;
    if (somethingToSay) return answerFind(lookup, result, turn);
  }
  return { text: FIND_MESSAGES.helpIntro(words.length === 0), card: cards.help(turn.cards) };
}

async function find(lookup: Lookup, turn: TurnScope): Promise<Reply> {
  const { classified } = lookup;
  if (classified.kind === 'id') return showContact(classified.id, turn);
  const result = await turn.service.find(classified, { client: lookup.client, includeArchived: lookup.includeArchived });
  return answerFind(lookup, result, turn);
}

async function answerFind(lookup: Lookup, result: FindResult, turn: TurnScope): Promise<Reply> {
  const { query, classified } = lookup;
  const single = soleAnswer(result.strong, result.hits, result.total);
  if (single !== null) {
    await turn.prefetchTickets?.(single.id);
    return { card: cards.contact(single, turn.cards) };
  }
  if (result.hits.length === 0 && result.exactLookupTimedOut) return messageReply(FIND_MESSAGES.exactLookupTimedOut(result.loaded));
  if (result.hits.length === 0) {
    return {
      card: cards.noMatch(query, turn.cards, {
        prefill: classified.kind === 'email' ? { email: classified.email } : classified.kind === 'phone' ? { phone: query } : { name: titleCase(query) },
        didYouMean: (result.didYouMean ?? []).map((c) => ({ title: nearTitle(c, turn), verb: VERBS.view, data: { verb: VERBS.view, contactId: c.id } })),
        ...(result.archivedMatches !== undefined && {
          archived: {
            text: SEARCH_MESSAGES.archivedMatches(result.archivedMatches),
            action: { title: SEARCH_MESSAGES.showArchived, verb: VERBS.resultsPage, data: searchData({ ...lookup, includeArchived: true }, 0) },
          },
        }),
      }),
    };
  }
  return { card: cards.results(lookup, result.hits, turn.cards, { total: result.total, note: loadingNote(result) }) };
}

async function edit(command: Extract<Command, { kind: 'edit' }>, turn: TurnScope): Promise<Reply> {
  if (!turn.canEdit) return messageReply(MESSAGES.readOnly());
  if (command.contactId !== undefined) return openEditForm(command.contactId, turn);
  const query = command.query ?? '';
  const classified = classifyQuery(query);
  if (classified.kind === 'id') return openEditForm(classified.id, turn);
  const result = await turn.service.find(classified, { client: command.client });
  if (result.hits.length === 0) return { card: cards.noMatch(query, turn.cards, { prefill: { name: titleCase(query) } }) };
  if (result.strong === null && result.hits.length > 1) {
    return { card: cards.results({ query, client: command.client }, result.hits, turn.cards, { total: result.total, note: FIND_MESSAGES.severalToEdit() }) };
  }
  return openEditForm((result.strong ?? result.hits[0]!).id, turn);
}

function add(command: Extract<Command, { kind: 'add' }>, turn: TurnScope): Reply {
  if (!turn.canEdit) return messageReply(MESSAGES.readOnly());
  // The best match, so every client can be named exactly even when another's name starts the same way.
  const client = command.client === undefined ? undefined : matchingClients(turn.service.clients(), command.client, { fragments: false })[0];
  // A client that matches none is said, not dropped, with the closest names offered one tap each.
  const unknown = command.client !== undefined && client === undefined ? command.client : undefined;
  return addFormReply({ name: command.name, email: command.email, phone: command.phone, clientId: client?.id }, turn, unknown === undefined ? {} : unknownClientOffer(unknown, turn));
}

function unknownClientOffer(typed: string, turn: TurnScope): { banner: Banner; clientOffers: Client[] } {
  const offers = closestClients(turn.service.clients(), typed);
  return { banner: ADD_FORM_BANNERS.unknownClient(typed, offers.length > 0), clientOffers: offers };
}

function titleCase(text: string): string {
  return text.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

function unreachable(value: never): never {
  throw new Error(`unhandled command ${JSON.stringify(value)}`);
}

/** A "Did you mean" button: the name, and the client when known (two Sally Smiths differ by client). */
function nearTitle(contact: Contact, turn: TurnScope): string {
  const client = turn.cards.clientName(contact.clientId);
  return client === '' ? contact.name : `${contact.name} (${client})`;
}
