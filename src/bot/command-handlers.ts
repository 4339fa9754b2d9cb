import { cards, searchData, type Banner, type ResultsSearch } from '../cards/views';
import { VERBS } from '../cards/verbs';
import { soleAnswer } from '../contacts/closeness';
import type { FindQuery, FindResult } from '../contacts/contact-service';
import { versionOf } from '../contacts/contact';
import { matchingClients } from '../contacts/pickers';
import { closestClients } from '../contacts/closest-clients';
import type { Client, Contact } from '../itflow/types';
import { classifyQuery, parseCommand, type Command } from './commands';
import { messageReply } from './actions';
import { ADD_FORM_BANNERS, describeFailure, MESSAGES, SEARCH_MESSAGES } from './user-messages';
import type { Reply, TurnScope } from './turn-scope';
import { loadingNote } from './verbs/results-page';

/** One small handler per command kind; each answers with exactly one card. */
export async function answerCommand(command: Command, turn: TurnScope): Promise<Reply & { text?: string }> {
  try {
    switch (command.kind) {
      case 'find':
        return await find({ query: command.query, client: command.client, includeArchived: command.includeArchived }, turn);
      case 'show':
        return await show(command.contactId, turn);
      case 'edit':
        return await edit(command, turn);
      case 'add':
        return add(command, turn);
      case 'help':
        return { card: cards.help(turn.cards) };
      case 'unknown':
        return await guessOrHelp(command.text, turn);
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
async function guessOrHelp(text: string, turn: TurnScope): Promise<Reply & { text?: string }> {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const asFind = words.length > 0 && words.length <= 5 ? parseCommand(`find ${text}`) : null;
  if (asFind?.kind === 'find' && asFind.query !== '') {
    const classified = classifyQuery(asFind.query);
    if (classified.kind !== 'id') {
      const result = await turn.service.find(classified, { client: asFind.client, includeArchived: asFind.includeArchived });
      const somethingToSay = result.hits.length > 0 || (result.didYouMean?.length ?? 0) > 0 || (result.archivedMatches ?? 0) > 0;
      if (somethingToSay) return answerFind({ query: asFind.query, client: asFind.client, includeArchived: asFind.includeArchived }, classified, result, turn);
    }
  }
  return {
    text: words.length === 0 ? 'Here is what I can do:' : "Sorry, I didn't understand that. Here is what I can do:",
    card: cards.help(turn.cards),
  };
}

async function find(search: ResultsSearch, turn: TurnScope): Promise<Reply> {
  const classified = classifyQuery(search.query);
  if (classified.kind === 'id') return show(classified.id, turn);
  const result = await turn.service.find(classified, { client: search.client, includeArchived: search.includeArchived });
  return answerFind(search, classified, result, turn);
}

async function answerFind(search: ResultsSearch, findQuery: FindQuery, result: FindResult, turn: TurnScope): Promise<Reply> {
  const query = search.query;
  const single = soleAnswer(result.strong, result.hits, result.total);
  if (single !== null) {
    await turn.prefetchTickets?.(single.id);
    return { card: cards.contact(single, turn.cards) };
  }
  if (result.hits.length === 0 && result.exactLookupTimedOut) {
    return messageReply({
      tone: 'warning',
      title: 'ITFlow is slow to answer',
      text: `ITFlow did not answer the lookup within 2 seconds and the contact directory is still loading (${result.loaded.toLocaleString('en-US')} contacts so far). Try again in a moment.`,
    });
  }
  if (result.hits.length === 0) {
    return {
      card: cards.noMatch(query, turn.cards, {
        prefill:
          findQuery.kind === 'email' ? { email: findQuery.email } : findQuery.kind === 'phone' ? { phone: query } : { name: titleCase(query) },
        didYouMean: (result.didYouMean ?? []).map((c) => ({ title: nearTitle(c, turn), verb: VERBS.view, data: { verb: VERBS.view, contactId: c.id } })),
        ...(result.archivedMatches !== undefined && {
          archived: {
            text: SEARCH_MESSAGES.archivedMatches(result.archivedMatches),
            action: { title: SEARCH_MESSAGES.showArchived, verb: VERBS.resultsPage, data: searchData({ ...search, includeArchived: true }, 0) },
          },
        }),
      }),
    };
  }
  return { card: cards.results(search, result.hits, turn.cards, { total: result.total, note: loadingNote(result) }) };
}

async function show(contactId: number, turn: TurnScope): Promise<Reply> {
  const tickets = turn.prefetchTickets?.(contactId);
  const contact = await turn.service.get(contactId);
  if (contact === null) return messageReply(MESSAGES.notFound(contactId));
  await tickets;
  return { card: cards.contact(contact, turn.cards) };
}

async function edit(command: Extract<Command, { kind: 'edit' }>, turn: TurnScope): Promise<Reply> {
  if (!turn.canEdit) return messageReply(MESSAGES.readOnly());
  let contactId = command.contactId;
  if (contactId === undefined) {
    const query = command.query ?? '';
    const classified = classifyQuery(query);
    if (classified.kind === 'id') contactId = classified.id;
    else {
      const result = await turn.service.find(classified, { client: command.client });
      if (result.hits.length === 0) return { card: cards.noMatch(query, turn.cards, { prefill: { name: titleCase(query) } }) };
      if (result.strong === null && result.hits.length > 1) {
        return {
          card: cards.results({ query, client: command.client }, result.hits, turn.cards, {
            total: result.total,
            note: 'Several contacts match: open the one you mean, then choose Edit.',
          }),
        };
      }
      contactId = (result.strong ?? result.hits[0]!).id;
    }
  }
  const contact = await turn.service.get(contactId);
  if (contact === null) return messageReply(MESSAGES.notFound(contactId));
  return { card: cards.editForm(contact, turn.cards, { version: versionOf(contact) }) };
}

function add(command: Extract<Command, { kind: 'add' }>, turn: TurnScope): Reply {
  if (!turn.canEdit) return messageReply(MESSAGES.readOnly());
  // The best match, so every client can be named exactly even when another's name starts the same way.
  const client = command.client === undefined ? undefined : matchingClients(turn.service.clients(), command.client, { fragments: false })[0];
  // A client that matches none is said, not dropped, with the closest names offered one tap each.
  const unknown = command.client !== undefined && client === undefined ? command.client : undefined;
  return {
    card: cards.addForm(turn.cards, {
      formId: turn.newFormId(),
      clientId: client?.id,
      values: { name: command.name, email: command.email, phone: command.phone, clientId: client?.id.toString() },
      ...(unknown !== undefined && unknownClientOffer(unknown, turn)),
    }),
  };
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
