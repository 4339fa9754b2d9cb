import {
  collationKey,
  digitsOnly,
  intval,
  isset,
  mysqlDateTime,
  phpEmpty,
  PhpFatalError,
  phpJsonEncode,
  phpTrim,
  sanitizeInput,
  stripTags,
} from '../../src/sandbox/php';

describe('intval (PHP 8)', () => {
  test.each([
    ['12', 12],
    ['  42', 42],
    ['12abc', 12],
    ['abc', 0],
    ['', 0],
    ['-1', -1],
    ['+7', 7],
    ['1.9', 1],
    ['1e3', 1000],
    ['0x1A', 0],
  ])('string %p → %p', (input, expected) => {
    expect(intval(input)).toBe(expected);
  });

  test.each([
    [5, 5],
    [5.9, 5],
    [-5.9, -5],
    [true, 1],
    [false, 0],
    [null, 0],
    [[], 0],
    [[1], 1],
    [{}, 0],
    [{ a: 1 }, 1],
  ])('JSON value %p → %p', (input, expected) => {
    expect(intval(input)).toBe(expected);
  });
});

describe('isset and empty', () => {
  const post = new Map<string, unknown>([
    ['name', 'x'],
    ['blank', ''],
    ['nothing', null],
  ]);
  test('isset is true for present non-null values, even empty strings', () => {
    expect([isset(post, 'name'), isset(post, 'blank'), isset(post, 'nothing'), isset(post, 'missing')]).toEqual([true, true, false, false]);
  });
  test('empty treats "", "0", 0 and null as empty', () => {
    expect([phpEmpty(''), phpEmpty('0'), phpEmpty(0), phpEmpty(null), phpEmpty('a'), phpEmpty(' '), phpEmpty(3)]).toEqual([
      true, true, true, true, false, false, false,
    ]);
  });
});

describe('stripTags', () => {
  test.each([
    ['<b>Bold</b> text', 'Bold text'],
    ['<script>alert(1)</script>Hi', 'alert(1)Hi'],
    ['a < b and c > d', 'a < b and c > d'],
    ['<a href="x>y">link</a>', 'link'],
    ["<img src='a>b' onerror=x>after", 'after'],
    ['before<!-- hidden <b>x</b> -->after', 'beforeafter'],
    ['x<?php echo 1; ?>y', 'xy'],
    ['unterminated <b class="x', 'unterminated '],
    ['<<b>>nested', 'nested'],
    ["Marcus O'Brien", "Marcus O'Brien"],
    ['', ''],
  ])('%p → %p', (input, expected) => {
    expect(stripTags(input)).toBe(expected);
  });
});

describe('sanitizeInput (strip tags, then trim)', () => {
  test('strips tags before trimming, so whitespace left by a tag goes too', () => {
    expect(sanitizeInput('  <i> Sally </i>\n')).toBe('Sally');
  });
  test('trims only PHP trim() characters, keeping inner and non-breaking spaces', () => {
    expect(phpTrim('\t\0 a  b \u00a0\x0B\r\n')).toBe('a  b \u00a0');
  });
  test('casts JSON scalars like PHP', () => {
    expect([sanitizeInput(123), sanitizeInput(true), sanitizeInput(false)]).toEqual(['123', '1', '']);
  });
  test('an array where text is expected is a fatal error', () => {
    expect(() => sanitizeInput(['x'])).toThrow(PhpFatalError);
  });
});

describe('digitsOnly', () => {
  test.each([
    ['+1 (555) 901-0111', '15559010111'],
    ['555.101.0199', '5551010199'],
    ['ext. 150', '150'],
    ['x121', '121'],
    ['٣٤٥', ''],
    ['', ''],
  ])('%p → %p', (input, expected) => {
    expect(digitsOnly(input)).toBe(expected);
  });
  test('numbers are cast to text first', () => {
    expect(digitsOnly(5551010100)).toBe('5551010100');
  });
});

describe('collationKey (utf8mb4_general_ci)', () => {
  test('ignores case, accents and trailing spaces, but not leading ones', () => {
    expect(collationKey('José Álvarez')).toBe(collationKey('jose alvarez  '));
    expect(collationKey('Zoë.Müller@Globex.example')).toBe(collationKey('zoe.muller@globex.example'));
    expect(collationKey(' sally@acme.example')).not.toBe(collationKey('sally@acme.example'));
  });
});

describe('phpJsonEncode (json_encode defaults)', () => {
  test('escapes slashes and non-ASCII like PHP', () => {
    expect(phpJsonEncode({ notes: 'Tue/Thu "blue"', name: 'José', emoji: '😀' })).toBe(
      '{"notes":"Tue\\/Thu \\"blue\\"","name":"Jos\\u00e9","emoji":"\\ud83d\\ude00"}',
    );
  });
  test('keeps numbers, nulls and key order', () => {
    expect(phpJsonEncode({ success: 'True', count: 2, data: [{ a: null, b: '1' }] })).toBe('{"success":"True","count":2,"data":[{"a":null,"b":"1"}]}');
  });
});

test('mysqlDateTime formats local time as YYYY-MM-DD HH:MM:SS', () => {
  expect(mysqlDateTime(new Date(2026, 0, 5, 7, 8, 9))).toBe('2026-01-05 07:08:09');
});
