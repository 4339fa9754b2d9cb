/**
 * What a Teams message asks for. Pure: text in, a Command out. Messages arrive as Teams HTML (mentions, entities,
 * paragraphs) typed by people, so the grammar is forgiving: politeness, filler words, any case, trailing
 * punctuation.
 */
import { classifyQuery, MIN_PHONE_DIGITS, type QueryClass } from '../contacts/search-query';
import { emailIn } from '../contacts/email';
import { digitsOnly, PHONE_RUN_SOURCE } from '../contacts/phone';


export type Command =
  | { kind: 'find'; query: string; client?: string; includeArchived: boolean }
  | { kind: 'show'; contactId: number }
  | { kind: 'edit'; contactId?: number; query?: string; client?: string }
  | { kind: 'add'; name?: string; email?: string; phone?: string; client?: string }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string };

/** Longer messages are not commands; cutting them bounds the work every pattern below does. */
export const MAX_COMMAND_LENGTH = 500;
const MAX_RAW_LENGTH = 8 * MAX_COMMAND_LENGTH;

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Plain text of a Teams message: mentions removed, tags dropped, entities decoded, whitespace collapsed. */
export function stripMentions(text: string): string {
  return text
    .slice(0, MAX_RAW_LENGTH)
    .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<(?:br|\/p|\/div|\/li)\b[^>]*>/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi, (entity, dec?: string, hex?: string, name?: string) => {
      if (name !== undefined) return ENTITIES[name.toLowerCase()] ?? entity;
      const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    })
    .replace(/[\s\u00a0\u200b-\u200d\u2060\ufeff]+/g, ' ')
    .trim();
}

const HELP = /^(?:help(?: me)?|\?+|hi|hello|hey|hiya|howdy|commands?|command list|usage|menu|start|options|what can you do|how does (?:this|it) work)$/i;
const POLITE_PREFIX =
  /^(?:(?:please|pls|plz|kindly|hey|hi|hello|yo|ok|okay|so|um|itflow)\b[\s,!:]*|(?:can|could|would|will) (?:you|u)\b(?: please)?\s*|i (?:need|want|would like|'d like) to\s+|(?:help me|let me|let's|lets)\s+)+/i;
const POLITE_SUFFIX = /(?:[\s,]+(?:please|pls|plz|thanks|thank you|thx|ty))+$/i;
const TRAILING_PUNCTUATION = /[\s?!.,;:]+$/;

const ADD = /^(?:add|new|create)(?:\s+(?:an?\s+)?(?:new\s+)?contact)?(?:\s+|$)/i;
const EDIT = /^(?:edit|update|change|modify)(?:\s+(?:the\s+)?contact)?(?:\s+|$)/i;
const SHOW = /^(?:(?:show|view|open|display|get)(?:\s+me)?(?:\s+(?:the\s+)?contact)?|contact|details(?:\s+(?:for|of))?)(?:\s+(?:id|number|no\.?))?\s*#?\s*(\d{1,9})$/i;
const FIND =
  /^(?:find|search(?:\s+for)?|look\s*up|lookup|who\s+is|who's|whois|where\s+is|get|show(?:\s+me)?|view|open|display|contact|details(?:\s+(?:for|of))?)(?:\s+|$)/i;
const FIND_FILLER = /^(?:(?:the|a|an|me|for)\s+)*(?:(?:contacts?|person|people|user|someone)(?:\s+|$))?(?:(?:for|named|called)\s+)?/i;
const CONTACT_ID = /^#?\s*(\d{1,9})$/;
const ARCHIVED = /(?:^|\s)(?:(?:including|include|incl\.?|with|and|plus|even)\s+)?(?:the\s+)?archived(?:\s+(?:ones|contacts|too|as\s+well))?(?=\s|$)/i;
const DETAIL_SUFFIX = /(?:'s|’s)?(?:\s+(?:phone(?:\s+number)?|number|mobile|cell|e-?mail(?:\s+address)?|details|info|contact(?:\s+(?:info|details))?))?$/i;
const CLIENT_PREFIX = /(?:(?:the\s+)?(?:client|company|customer|org|organi[sz]ation)\s+)?/.source;

/** A lookup, with its text classified once (email, phone, #id or words). */
export interface Lookup {
  query: string;
  classified: QueryClass;
  client?: string;
  includeArchived: boolean;
}

/**
 * A message, read once: the command it gives and the lookup it asks for. A find has its lookup; so has a bare
 * text that is no command ("sally at acme"), read as the bot reads "find sally at acme", in case it names someone.
 */
export interface ParsedMessage {
  /** The message's plain text: mentions, tags and entities gone, whitespace collapsed. */
  text: string;
  command: Command;
  lookup: Lookup | null;
}

export function parseCommand(text: string): Command {
  return parseMessage(text).command;
}

export function parseMessage(text: string): ParsedMessage {
  const plain = stripMentions(text);
  return { text: plain, ...readCommand(plain.slice(0, MAX_COMMAND_LENGTH).trim()) };
}

function readCommand(clean: string): Omit<ParsedMessage, 'text'> {
  if (clean === '') return { command: { kind: 'unknown', text: '' }, lookup: null };
  if (HELP.test(clean.replace(TRAILING_PUNCTUATION, '')) || /^\?+$/.test(clean)) return { command: { kind: 'help' }, lookup: null };

  const request = clean
    .replace(/^\/+/, '')
    .replace(POLITE_PREFIX, '')
    .replace(TRAILING_PUNCTUATION, '')
    .replace(POLITE_SUFFIX, '')
    .replace(TRAILING_PUNCTUATION, '')
    .replace(/^\/+/, '');
  if (HELP.test(request)) return { command: { kind: 'help' }, lookup: null };
  if (request === '') return { command: { kind: 'unknown', text: clean }, lookup: null };

  const add = ADD.exec(request);
  if (add) return { command: parseAdd(request.slice(add[0].length)), lookup: null };

  const edit = EDIT.exec(request);
  if (edit) return { command: parseEdit(request.slice(edit[0].length)), lookup: null };

  const show = SHOW.exec(request);
  if (show) return { command: { kind: 'show', contactId: Number(show[1]) }, lookup: null };

  const find = FIND.exec(request);
  if (find) return withLookup(parseFind(request.slice(find[0].length), clean));

  // A bare email, phone number or #id is unambiguous enough to act on without a verb.
  const bare = classifyQuery(request);
  if (bare.kind === 'id') return { command: { kind: 'show', contactId: bare.id }, lookup: null };
  if (bare.kind === 'email' || bare.kind === 'phone') {
    return { command: { kind: 'find', query: request, includeArchived: false }, lookup: { query: request, classified: bare, includeArchived: false } };
  }
  const asFind = parseFind(request, clean);
  return { command: { kind: 'unknown', text: clean }, lookup: asFind.kind === 'find' ? lookupOf(asFind) : null };
}

function withLookup(command: Command): Omit<ParsedMessage, 'text'> {
  return { command, lookup: command.kind === 'find' ? lookupOf(command) : null };
}

export function lookupOf(find: Extract<Command, { kind: 'find' }>): Lookup {
  const { query, client, includeArchived } = find;
  return { query, classified: classifyQuery(query), ...(client !== undefined && { client }), includeArchived };
}

function parseFind(rest: string, original: string): Command {
  let args = rest.replace(FIND_FILLER, '');
  const includeArchived = ARCHIVED.test(args);
  if (includeArchived) args = args.replace(ARCHIVED, ' ').trim();
  const { before, client } = splitClient(args, ['at', 'in', 'from', '@']);
  const query = tidyQuery(before);
  const id = CONTACT_ID.exec(query);
  if (id && query.startsWith('#')) return { kind: 'show', contactId: Number(id[1]) };
  if (query === '' && client === undefined) return { kind: 'unknown', text: original };
  return { kind: 'find', query, ...(client !== undefined && { client }), includeArchived };
}

function parseEdit(rest: string): Command {
  const target = rest.replace(FIND_FILLER, '').trim();
  const id = CONTACT_ID.exec(target);
  if (id) return { kind: 'edit', contactId: Number(id[1]) };
  const { before, client } = splitClient(target, ['at', 'in', 'from', '@']);
  const query = tidyQuery(before);
  return { kind: 'edit', ...(query !== '' && { query }), ...(client !== undefined && { client }) };
}

const PHONE_IN_TEXT = new RegExp(`${PHONE_RUN_SOURCE}(?:\\s*(?:ext\\.?|x)\\s*\\d{1,6})?`, 'gi');

/** "new contact Bob Lee bob@x.com 555-123-4567 at acme": whatever is recognisable prefills the Add form. */
function parseAdd(rest: string): Command {
  let text = rest;
  const { before, client } = splitClient(text, ['at', 'in', 'for', 'to', '@']);
  text = before;

  let email: string | undefined;
  const found = emailIn(text);
  if (found !== undefined) {
    email = found;
    text = text.replace(email, ' ').replace(/mailto:/i, ' ');
  }

  let phone: string | undefined;
  text = text.replace(PHONE_IN_TEXT, (run) => {
    if (phone !== undefined || digitsOnly(run).length < MIN_PHONE_DIGITS) return run;
    phone = run.trim();
    return ' ';
  });

  const name = text
    .replace(/^\s*(?:(?:named|called|name:?)\s+)/i, '')
    .replace(/\b(?:email|e-mail|phone|mobile|tel)\s*:?\s*(?=\s|,|$)/gi, ' ')
    .replace(/[,;|]+/g, ' ')
    .replace(/["“”]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return {
    kind: 'add',
    ...(name !== '' && { name }),
    ...(email !== undefined && { email }),
    ...(phone !== undefined && { phone }),
    ...(client !== undefined && { client }),
  };
}

/**
 * Splits "sally at acme" into the query and the client. Markers need spaces around them, so the @ inside an email
 * is never one; the first marker wins, so a client name may itself contain "in" or "at".
 */
function splitClient(text: string, markers: string[]): { before: string; client?: string } {
  const marker = `(?:${markers.join('|')})`;
  const split = new RegExp(`^(.*?)(?:^|\\s+)${marker}\\s+${CLIENT_PREFIX}(\\S.*)$`, 'i').exec(text.trim());
  if (!split) return { before: text };
  const client = tidyQuery(split[2] ?? '');
  return client === '' ? { before: text } : { before: split[1] ?? '', client };
}

/** Drops quotes, a trailing "'s phone number" and stray punctuation around what to look for. */
function tidyQuery(text: string): string {
  return text
    .trim()
    .replace(/^["'“‘]+|["'”’]+$/g, '')
    .replace(DETAIL_SUFFIX, '')
    .replace(TRAILING_PUNCTUATION, '')
    .replace(/\s+/g, ' ')
    .trim();
}
