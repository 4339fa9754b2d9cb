import fc from 'fast-check';
import { allowedEdits, charMask, editDistance, fold, popCount, words, wordsWithCompounds } from '../../src/contacts/text';

describe('fold and words', () => {
  test.each([
    ['José Álvarez', 'jose alvarez'],
    ['ZOË Ødegård', 'zoe odegard'],
    ['Straße Łódź', 'strasse lodz'],
    ['Ærø', 'aero'],
    ['plain ascii', 'plain ascii'],
  ])('fold(%j) = %j', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  test.each<[string, string[]]>([
    ["Marcus O'Brien", ['marcus', 'obrien']],
    ['Marcus O’Brien', ['marcus', 'obrien']],
    ['john.carter@acme.example', ['john', 'carter', 'acme', 'example']],
    ['  IT / Help-Desk  ', ['it', 'help', 'desk']],
    ["'quoted' sally's", ['quoted', 'sallys']],
    ['Иван Петров', ['иван', 'петров']],
    ['', []],
  ])('words(%j)', (input, expected) => {
    expect(words(input)).toEqual(expected);
  });

  test('compounds join hyphenated and dotted groups, after the words', () => {
    expect(wordsWithCompounds('Mary-Jane Watson-Parker')).toEqual(['mary', 'jane', 'watson', 'parker', 'maryjane', 'watsonparker']);
    expect(wordsWithCompounds('Sally Smith')).toEqual(['sally', 'smith']);
  });
});

describe('edit distance', () => {
  /** Plain optimal-string-alignment distance, no early exit: the reference. */
  function reference(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
    return d[a.length]![b.length]!;
  }

  test('matches the reference up to the cap, and reports cap + 1 beyond it', () => {
    const word = fc.stringMatching(/^[abcde]{0,10}$/);
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        expect(editDistance(a, b, max)).toBe(Math.min(reference(a, b), max + 1));
      }),
      { numRuns: 2000 },
    );
  });

  test('a swap of neighbours is one edit', () => {
    expect(editDistance('smith', 'smtih', 1)).toBe(1);
    expect(editDistance('jhon', 'john', 1)).toBe(1);
  });

  test('character masks never rule out words within k edits', () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = reference(a, b);
        expect(popCount(charMask(a) ^ charMask(b))).toBeLessThanOrEqual(2 * d);
      }),
      { numRuns: 2000 },
    );
  });

  test.each([
    ['abc', 0],
    ['abcd', 1],
    ['abcdefg', 1],
    ['abcdefgh', 2],
  ])('%j may carry %i typos', (word, edits) => {
    expect(allowedEdits(word)).toBe(edits);
  });
});
