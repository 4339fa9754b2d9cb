import fc from 'fast-check';
import { MAX_COMMAND_LENGTH, parseCommand, stripMentions, type Command } from '../../src/bot/commands';
import { classifyQuery } from '../../src/contacts/search-query';

/**
 * parseCommand over generated text: anything people (or Teams' HTML) can send. It never throws, always answers
 * with a well-formed command, ignores @mentions, and stays linear on adversarial input (a regex that
 * backtracks catastrophically would hang the run past jest's timeout).
 */

export const COMMAND_FUZZ_RUNS = { arbitrary: 2000, phrases: 2000, mentions: 500, queries: 500 } as const;

const KINDS = new Set(['find', 'show', 'edit', 'add', 'help', 'unknown']);

function expectWellFormed(command: Command): void {
  expect(KINDS.has(command.kind)).toBe(true);
  const strings: unknown[] = [];
  switch (command.kind) {
    case 'show':
      expect(Number.isSafeInteger(command.contactId) && command.contactId >= 0).toBe(true);
      break;
    case 'edit':
      if (command.contactId !== undefined) expect(Number.isSafeInteger(command.contactId)).toBe(true);
      strings.push(command.query, command.client);
      break;
    case 'find':
      expect(typeof command.includeArchived).toBe('boolean');
      strings.push(command.query, command.client);
      break;
    case 'add':
      strings.push(command.name, command.email, command.phone, command.client);
      break;
    case 'unknown':
      strings.push(command.text);
      break;
    case 'help':
      break;
  }
  for (const s of strings) {
    if (s === undefined) continue;
    expect(typeof s).toBe('string');
    expect((s as string).length).toBeLessThanOrEqual(MAX_COMMAND_LENGTH);
  }
}

const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ maxLength: 6000 }),
);

/** Pieces people type, Teams adds, or an attacker would try, glued together. */
const piece = fc.oneof(
  fc.constantFrom('find', 'search for', 'look up', 'who is', 'show', 'show contact', 'edit', 'update contact', 'add', 'new contact', 'create a new contact', 'help', '?', 'please', 'thanks', 'can you', 'i need to'),
  fc.constantFrom('sally', 'Sally Smith', "Marcus O'Brien", 'José Álvarez', 'sally@acme.example', 'mailto:bob@x.io', '+1 (555) 901-0101', '555.101.0100 x204', 'tel:5551010100', '#42', '42', '000000000000000042'),
  fc.constantFrom('at', 'in', 'from', '@', 'at client', 'including archived', "'s phone number", 'email:', 'phone:'),
  fc.constantFrom('<at>ITFlow</at>', '<p>', '</p>', '<br/>', '&nbsp;', '&amp;', '&#128512;', '&#x1F600;', '&#99999999;', '&bogus;', '<script>alert(1)</script>', '\u200b', '\u00a0', '\ufeff'),
  fc.constantFrom('('.repeat(200), ' '.repeat(500), '1 '.repeat(300), 'a@'.repeat(200), '.'.repeat(400), '-'.repeat(300), 'at '.repeat(150), 'x'.repeat(600), '<at>'.repeat(100)),
  fc.string({ maxLength: 20 }),
  fc.emailAddress(),
  fc.integer().map(String),
);
const phrase = fc.array(piece, { maxLength: 12 }).chain((parts) => fc.constantFrom(' ', '', ', ', '\n').map((sep) => parts.join(sep)));

describe('parseCommand', () => {
  it(`never throws and answers a well-formed command for arbitrary text (${COMMAND_FUZZ_RUNS.arbitrary} runs)`, () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expectWellFormed(parseCommand(text));
      }),
      { numRuns: COMMAND_FUZZ_RUNS.arbitrary },
    );
  });

  it(`never throws on phrases built from commands, data, markup and adversarial runs (${COMMAND_FUZZ_RUNS.phrases} runs)`, () => {
    fc.assert(
      fc.property(phrase, (text) => {
        const first = parseCommand(text);
        expectWellFormed(first);
        // Pure: the same text always means the same thing.
        expect(parseCommand(text)).toEqual(first);
      }),
      { numRuns: COMMAND_FUZZ_RUNS.phrases },
    );
  });

  it(`an @mention of the bot in front changes nothing (${COMMAND_FUZZ_RUNS.mentions} runs)`, () => {
    fc.assert(
      fc.property(phrase.filter((t) => t.length < 1000 && !/<\/?at\b/i.test(t)), (text) => {
        expect(parseCommand(`<at>ITFlow</at> ${text}`)).toEqual(parseCommand(text));
        expect(stripMentions(`<at>ITFlow</at>${text}`)).not.toMatch(/ITFlow<\/at>/);
      }),
      { numRuns: COMMAND_FUZZ_RUNS.mentions },
    );
  });
});

describe('classifyQuery', () => {
  it(`classifies any text without throwing; ids are positive, phones are digits (${COMMAND_FUZZ_RUNS.queries} runs)`, () => {
    fc.assert(
      fc.property(fc.oneof(anyText, phrase), (text) => {
        const q = classifyQuery(text);
        if (q.kind === 'id') expect(Number.isSafeInteger(q.id) && q.id >= 0).toBe(true);
        if (q.kind === 'phone') expect(q.digits).toMatch(/^\d{7,}$/);
        if (q.kind === 'email') expect(q.email).toContain('@');
      }),
      { numRuns: COMMAND_FUZZ_RUNS.queries },
    );
  });
});
