import { cards } from '../cards/views';
import type { FindQuery, FindResult } from '../contacts/contact-service';
import { versionOf } from '../contacts/contact';
import { matchingClients } from '../contacts/pickers';
import { classifyQuery, parseCommand, type Command } from './commands';
import { messageReply } from './actions';
import { describeFailure, MESSAGES } from './user-messages';
import type { Reply, TurnScope } from './turn-scope';

/** One small handler per command kind; each answers with exactly one card. */
export async function answerCommand(command: Command, turn: TurnScope): Promise<Reply & { text?: string }> {
  try {
    switch (command.kind) {
      case 'find':
        return await find(command.query, command.client, command.includeArchived, turn);
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
 * A bare name typed into the chat ("sally smith", "sally at acme") is most likely a lookup: answer it when it
 * matches someone, otherwise show what the bot can do.
 */
async function guessOrHelp(text: string, turn: TurnScope): Promise<Reply & { text?: string }> {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const asFind = words.length > 0 && words.length <= 5 ? parseCommand(`find ${text}`) : null;
  if (asFind?.kind === 'find' && asFind.query !== '') {
    const classified = classifyQuery(asFind.query);
    if (classified.kind !== 'id') {
      const result = await turn.service.find(classified, { client: asFind.client, includeArchived: asFind.includeArchived });
      if (result.hits.length > 0) return answerFind(asFind.query, classified, result, turn);
    }
  }
  return {
    text: words.length === 0 ? 'Here is what I can do:' : "Sorry, I didn't understand that. Here is what I can do:",
    card: cards.help(turn.cards),
  };
}

async function find(query: string, client: string | undefined, includeArchived: boolean, turn: TurnScope): Promise<Reply> {
  const classified = classifyQuery(query);
  if (classified.kind === 'id') return show(classified.id, turn);
  const result = await turn.service.find(classified, { client, includeArchived });
  return answerFind(query, classified, result, turn);
}


async function answerFind(query: string, findQuery: FindQuery, result: FindResult, turn: TurnScope): Promise<Reply> {
  const single = result.strong ?? (result.total === 1 ? result.hits[0] : undefined);
  if (single !== undefined) {
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
      }),
    };
  }
  return { card: cards.results(query, result.hits, turn.cards, { total: result.total, note: loadingNote(result) }) };
}

function loadingNote(result: FindResult): string | undefined {
  if (result.exactLookupTimedOut) return 'ITFlow did not answer the exact lookup in time: these matches come from the directory, which is still loading.';
  if (result.complete) return undefined;
  return `The contact directory is still loading (${result.loaded.toLocaleString('en-US')} contacts so far): some name matches may be missing.`;
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
          card: cards.results(query, result.hits, turn.cards, {
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
  return {
    card: cards.addForm(turn.cards, {
      formId: turn.newFormId(),
      clientId: client?.id,
      values: { name: command.name, email: command.email, phone: command.phone, clientId: client?.id.toString() },
    }),
  };
}

function titleCase(text: string): string {
  return text.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}


function unreachable(value: never): never {
  throw new Error(`unhandled command ${JSON.stringify(value)}`);
}
