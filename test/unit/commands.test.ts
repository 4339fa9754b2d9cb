import { MAX_COMMAND_LENGTH, parseCommand, stripMentions, type Command } from '../../src/bot/commands';
import { classifyQuery } from '../../src/contacts/search-query';

describe('stripMentions', () => {
  test.each([
    ['<at>ITFlow</at> find sally', 'find sally'],
    ['<at id="28:abc">ITFlow Bot</at>&nbsp;find&nbsp;sally', 'find sally'],
    ['<p>find <b>sally</b></p><p>at acme</p>', 'find sally at acme'],
    ['find sally<br>at acme', 'find sally at acme'],
    ['find &quot;O&#39;Brien&quot; &amp; co', 'find "O\'Brien" & co'],
    ['find &lt;sally@acme.example&gt;', 'find <sally@acme.example>'],
    ['find &#x4a;os&eacute;', 'find Jos&eacute;'],
    ['  find\t\u200b sally \n', 'find sally'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(stripMentions(input)).toBe(expected);
  });
});

describe('parseCommand', () => {
  const find = (query: string, extra: Partial<Extract<Command, { kind: 'find' }>> = {}): Command => ({
    kind: 'find',
    query,
    includeArchived: false,
    ...extra,
  });

  describe('find', () => {
    test.each<[string, Command]>([
      ['find contact sally', find('sally')],
      ['find sally', find('sally')],
      ['FIND Sally Smith', find('Sally Smith')],
      ['contact sally', find('sally')],
      ['who is sally', find('sally')],
      ["who's the IT director at acme", find('IT director', { client: 'acme' })],
      ['lookup sally', find('sally')],
      ['look up sally', find('sally')],
      ['search sally', find('sally')],
      ['search for sally', find('sally')],
      ['show sally smith', find('sally smith')],
      ['find sally@acme.example', find('sally@acme.example')],
      ['find SALLY@ACME.EXAMPLE.', find('SALLY@ACME.EXAMPLE')],
      ['find +1 (555) 901-0101', find('+1 (555) 901-0101')],
      ['find 555.901.0101', find('555.901.0101')],
      ['find 9010101', find('9010101')],
      ['find sally at acme', find('sally', { client: 'acme' })],
      ['find sally in globex', find('sally', { client: 'globex' })],
      ['find sally @ acme', find('sally', { client: 'acme' })],
      ['find sally from the client Acme Corp', find('sally', { client: 'Acme Corp' })],
      ['find sally at made in italy', find('sally', { client: 'made in italy' })],
      ['find contacts at acme', find('', { client: 'acme' })],
      ['find sally including archived', find('sally', { includeArchived: true })],
      ['find sally at acme including archived', find('sally', { client: 'acme', includeArchived: true })],
      ['find archived sally', find('sally', { includeArchived: true })],
      ['find sally archived too', find('sally', { includeArchived: true })],
      ['please find contact sally', find('sally')],
      ['can you find sally?', find('sally')],
      ['could you please look up sally smith, thanks!', find('sally smith')],
      ['hi, find sally', find('sally')],
      ['/find sally', find('sally')],
      ['find "Sally Smith"', find('Sally Smith')],
      ["find sally's phone number", find('sally')],
      ["find O'Brien", find("O'Brien")],
      ['<at>ITFlow</at> find&nbsp;sally&nbsp;at&nbsp;acme', find('sally', { client: 'acme' })],
      ['find archived@acme.example', find('archived@acme.example')],
    ])('%j', (text, expected) => {
      expect(parseCommand(text)).toEqual(expected);
    });

    test('a bare email or phone number is a lookup', () => {
      expect(parseCommand('sally@acme.example')).toEqual(find('sally@acme.example'));
      expect(parseCommand('+1 (555) 901-0101')).toEqual(find('+1 (555) 901-0101'));
    });
  });

  describe('show', () => {
    test.each<[string, number]>([
      ['show contact 8', 8],
      ['show 8', 8],
      ['contact #8', 8],
      ['contact 8', 8],
      ['view 8', 8],
      ['open 8', 8],
      ['show #12.', 12],
      ['#8', 8],
      ['find #8', 8],
      ['please show contact 42', 42],
    ])('%j', (text, contactId) => {
      expect(parseCommand(text)).toEqual({ kind: 'show', contactId });
    });
  });

  describe('edit', () => {
    test.each<[string, Command]>([
      ['edit 8', { kind: 'edit', contactId: 8 }],
      ['edit contact #8', { kind: 'edit', contactId: 8 }],
      ['edit sally smith', { kind: 'edit', query: 'sally smith' }],
      ['update sally at acme', { kind: 'edit', query: 'sally', client: 'acme' }],
      ['edit sally@acme.example', { kind: 'edit', query: 'sally@acme.example' }],
      ['edit', { kind: 'edit' }],
    ])('%j', (text, expected) => {
      expect(parseCommand(text)).toEqual(expected);
    });
  });

  describe('add', () => {
    test.each<[string, Command]>([
      ['add contact', { kind: 'add' }],
      ['new contact', { kind: 'add' }],
      ['add', { kind: 'add' }],
      ['create a new contact', { kind: 'add' }],
      ['new contact Sally Smith sally@acme.example', { kind: 'add', name: 'Sally Smith', email: 'sally@acme.example' }],
      [
        'add contact Bob Lee bob@x.com 555-123-4567 at acme',
        { kind: 'add', name: 'Bob Lee', email: 'bob@x.com', phone: '555-123-4567', client: 'acme' },
      ],
      ['add contact Bob Lee, bob@x.com, +1 (555) 123-4567', { kind: 'add', name: 'Bob Lee', email: 'bob@x.com', phone: '+1 (555) 123-4567' }],
      ['add contact for globex', { kind: 'add', client: 'globex' }],
      ['add José Álvarez to acme', { kind: 'add', name: 'José Álvarez', client: 'acme' }],
      ['new contact named Bob', { kind: 'add', name: 'Bob' }],
    ])('%j', (text, expected) => {
      expect(parseCommand(text)).toEqual(expected);
    });

    test('"address" is not "add"', () => {
      expect(parseCommand('address of sally').kind).toBe('unknown');
    });
  });

  describe('help', () => {
    test.each(['help', '?', 'hi', 'Hello!', 'hey', 'commands', 'Help me', '<at>ITFlow</at>  help', 'what can you do?'])('%j', (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'help' });
    });
  });

  describe('unknown', () => {
    test.each([
      ['', ''],
      ['   ', ''],
      ['<at>ITFlow</at>', ''],
      ['sally', 'sally'],
      ['what is the weather', 'what is the weather'],
      ['find', 'find'],
      ['!!!', '!!!'],
    ])('%j', (text, expected) => {
      expect(parseCommand(text)).toEqual({ kind: 'unknown', text: expected });
    });
  });

  test('very long input is cut before parsing', () => {
    const command = parseCommand(`find ${'a'.repeat(10_000)}`);
    expect(command.kind).toBe('find');
    expect(command.kind === 'find' && command.query.length).toBeLessThanOrEqual(MAX_COMMAND_LENGTH);
  });

  test('pathological input returns promptly with some command', () => {
    const text = `find ${' at'.repeat(3000)} ${'<'.repeat(3000)} ${'&#'.repeat(3000)}`;
    expect(['find', 'unknown']).toContain(parseCommand(text).kind);
  });
});

describe('classifyQuery', () => {
  test.each([
    ['sally@acme.example', { kind: 'email', email: 'sally@acme.example' }],
    [' mailto:Sally@Acme.Example ', { kind: 'email', email: 'Sally@Acme.Example' }],
    ['+1 (555) 901-0101', { kind: 'phone', digits: '15559010101' }],
    ['555.901.0101', { kind: 'phone', digits: '5559010101' }],
    ['9010101', { kind: 'phone', digits: '9010101' }],
    ['tel:+15559010101', { kind: 'phone', digits: '15559010101' }],
    ['555-901-0101 x204', { kind: 'phone', digits: '5559010101' }],
    ['#8', { kind: 'id', id: 8 }],
    ['# 12', { kind: 'id', id: 12 }],
    ['901010', { kind: 'text', text: '901010' }],
    ['sally 5559010101', { kind: 'text', text: 'sally 5559010101' }],
    ['sally', { kind: 'text', text: 'sally' }],
    ['sally@acme', { kind: 'text', text: 'sally@acme' }],
    ['8', { kind: 'text', text: '8' }],
  ])('%j', (query, expected) => {
    expect(classifyQuery(query)).toEqual(expected);
  });
});
